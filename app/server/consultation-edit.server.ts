export * from '../../platform/consultations/edit.server';
