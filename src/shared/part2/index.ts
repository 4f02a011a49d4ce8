/** 42 CFR Part 2: consents (§ 2.31), the disclosure gate and ledger, the breach log, scanned paper consents. */
export * from './consent';
export * from './disclosure';
export * from './breach';
export * from './scan';
