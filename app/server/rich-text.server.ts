export * from '../../platform/rich-text/rich-text.server';
