export * from './codec';
export * from './kinds';
export * from './seal';
