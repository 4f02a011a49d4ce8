export * from './authorizations';
export * from './claims';
export * from './cpt';
export * from './payers';
export * from './utilization';
