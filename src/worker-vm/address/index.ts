export * from './address';
export * from './ethereum';
export { decodeUvarint, encodeUvarint } from './leb128';
