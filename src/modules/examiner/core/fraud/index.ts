// Public surface of fraud detection.

export * from './benford.js';
export * from './config.js';
export * from './feedback.js';
export { fraudLimits } from './limits.js';
export { type Detector, type Hit, ruleDetectors } from './rules.js';
export * from './score.js';
export { statisticalDetectors } from './statistical-detectors.js';
export { median, modifiedZ, type RobustStats, robustStats, trailingWindowCounts } from './stats.js';
export * from './synthetic.js';
export * from './types.js';
