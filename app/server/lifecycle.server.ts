export * from '../../phases/lifecycle.server';
export { availableEvents } from '../../phases/machine';
