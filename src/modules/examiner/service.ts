// The Examiner's services bundled for the composition root: imports, reconciliation, fraud scoring and POV analyses.
import type { Clock } from '../../kernel/index.js';
import type { Db } from '../../platform/db/database.js';
import { registerErrorCodes } from '../../platform/http/errors.js';
import { FraudService } from './fraud-service.js';
import { ImportService } from './import-service.js';
import { PovService } from './pov-service.js';
import { ReconcileService } from './reconcile-service.js';

/** Every Examiner service over one database and clock. */
export interface Examiner {
  imports: ImportService;
  reconcile: ReconcileService;
  fraud: FraudService;
  pov: PovService;
  /** Stops background workers (the fraud scorer's thread). */
  close(): Promise<void>;
}

/** HTTP statuses of the Examiner's error codes (others are 400). */
export const examinerErrorStatuses: Record<string, number> = {
  mapping_not_found: 404,
  import_not_found: 404,
  reconciliation_not_found: 404,
  match_not_found: 404,
  flag_not_found: 404,
  fraud_run_not_found: 404,
  match_already_decided: 409,
  match_conflict: 409,
  too_many_items: 413,
  no_expenses: 409,
  no_feedback: 409,
  nothing_to_analyse: 409,
};

/** Builds the Examiner's services and registers its error codes. */
export function createExaminer(db: Db, clock: Clock): Examiner {
  registerErrorCodes(examinerErrorStatuses);
  const fraud = new FraudService(db, clock);
  return {
    imports: new ImportService(db, clock),
    reconcile: new ReconcileService(db, clock),
    fraud,
    pov: new PovService(db, clock),
    close: () => fraud.close(),
  };
}
