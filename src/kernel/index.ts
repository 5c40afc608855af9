// The kernel's public surface: the only code every module core may import.
export * from './assert.js';
export { canonicalJson } from './canonical-json.js';
export * from './clock.js';
export { limits } from './limits.js';
export * from './money.js';
export * from './prng.js';
export * from './result.js';
export { sha256Hex } from './sha256.js';
