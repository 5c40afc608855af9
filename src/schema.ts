// Every table of the product in one place: drizzle-kit generates migrations from here, and backups walk it.

export * from './modules/alerts/schema.js';
export * from './modules/economy/schema.js';
export * from './modules/examiner/cases-schema.js';
export * from './modules/examiner/schema.js';
export * from './modules/exchange/schema.js';
export * from './modules/forecasting/schema.js';
export * from './modules/reports/schema.js';
export * from './platform/db/schema.js';
