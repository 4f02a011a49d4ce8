export * from './errors';
export * from './envelope';
export * from './kdf';
export * from './keys';
export * from './box';
export * from './recovery-code';
export { toBase64Url, fromBase64Url } from './encoding';
export { opaqueRecordId } from './record-ids';
export * from './author-key';
