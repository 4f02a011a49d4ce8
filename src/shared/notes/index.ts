/** Progress notes: templates as data, and the pure rules for writing, signing and amending. */
export * from './templates';
export * from './note';
export * from './carry-forward';
export * from './signing';
export * from './psychiatric';
export * from './prefill';
