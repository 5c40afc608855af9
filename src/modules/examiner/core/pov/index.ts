// Public surface of the points of view.

export * from './analyse.js';
export * from './conditions.js';
export * from './figures.js';
export * from './from-analyses.js';
export * from './roles.js';
