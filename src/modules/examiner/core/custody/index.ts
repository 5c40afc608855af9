// Public surface of evidence custody.

export { sha256Hex } from '../../../../kernel/index.js';
export * from './chain.js';
export * from './evidence.js';
export { custodyLimits } from './limits.js';
