export * from '../../platform/ideas/ideas.server';
