export * from './errors';
export * from './format';
