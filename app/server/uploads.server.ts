export * from '../../platform/uploads/uploads.server';
