export * from './schema';
export * from './versions';
export * from './diff';
export * from './golden-thread';
export * from './reviews';
export * from './status';
export * from './library';
