export * from './errors';
export * from './format';
export * from './migrations';
export * from './reminder';
