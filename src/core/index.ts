export * from './amount.js';
export * from './catalog.js';
export * from './contract.js';
export * from './redirect.js';
export * from './status.js';
export * from './validate.js';
export * from './messages/en.js';
export type * from './psp/types.js';
export { FLOWS } from './psp/types.js';
