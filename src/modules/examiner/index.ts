// Public surface of the Examiner module: what compose.ts and other modules may import.

export type { BankLine, Expense, RowRejection } from './core/records.js';
export { FraudService, toFraudTransaction } from './fraud-service.js';
export { type ImportFormat, type ImportKind, type ImportParams, ImportService } from './import-service.js';
export { PovService } from './pov-service.js';
export { ReconcileService } from './reconcile-service.js';
export { examinerRoutes } from './routes.js';
export { createExaminer, type Examiner } from './service.js';
