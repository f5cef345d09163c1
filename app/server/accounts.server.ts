export * from '../../platform/auth/accounts.server';
