export * from '../../platform/consultations/consultations.server';
