export * from './csv';
export * from './service-codes';
export * from './billing';
export * from './part2';
