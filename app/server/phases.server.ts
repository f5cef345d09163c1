export * from '../../phases/dispatch.server';
