// Public surface of litigation case management.

export * from './case.js';
export * from './lifecycle.js';
export { caseLimits } from './limits.js';
