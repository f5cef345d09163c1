export * from '../../platform/rate-limit/rate-limit.server';
