// Runs a point-of-view analysis over the figures of the latest (or chosen) fraud and reconciliation runs, and keeps it.
import { desc, eq } from 'drizzle-orm';
import { type Clock, err, ok } from '../../kernel/index.js';
import type { Db } from '../../platform/db/database.js';
import { analyseAsPov, type PovFigures, type PovRole, povRoles } from './core/pov/index.js';
import { fraudRuns, povAnalysis, reconciliationRuns } from './schema.js';

/** What a POV analysis reads: a fraud run and a reconciliation run, the newest of each by default. */
export interface PovScope {
  fraudRunId?: string;
  reconciliationRunId?: string;
}

/** Stored POV analyses. */
export class PovService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Analyses as `role` (the caller's own role when it is one of the six and none is given). */
  async analyse(request: { role?: string; scope?: PovScope }, callerRole: string, userId: string | null) {
    const role = request.role ?? ((povRoles as readonly string[]).includes(callerRole) ? callerRole : undefined);
    if (role === undefined) return err('pov_role_required', `choose one of ${povRoles.join(', ')}`, 'role');
    const scope = request.scope ?? {};
    const fraud = scope.fraudRunId
      ? (await this.db.select().from(fraudRuns).where(eq(fraudRuns.id, scope.fraudRunId)))[0]
      : (await this.db.select().from(fraudRuns).orderBy(desc(fraudRuns.createdAt)).limit(1))[0];
    if (scope.fraudRunId && !fraud) return err('fraud_run_not_found', scope.fraudRunId, 'scope.fraudRunId');
    const recon = scope.reconciliationRunId
      ? (await this.db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, scope.reconciliationRunId)))[0]
      : (await this.db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.createdAt)).limit(1))[0];
    if (scope.reconciliationRunId && !recon)
      return err('reconciliation_not_found', scope.reconciliationRunId, 'scope.reconciliationRunId');
    if (!fraud && !recon) return err('nothing_to_analyse', 'run fraud scoring or a reconciliation first');
    const figures: Record<string, number> = { ...((fraud?.figures as PovFigures | undefined) ?? {}) };
    if (recon) {
      figures.reconciliation_rate = recon.rate;
      figures.unmatched_count = recon.unmatchedCount;
    }
    const analysed = analyseAsPov(role, figures as PovFigures);
    if (!analysed.ok) return analysed;
    const a = analysed.value;
    const usedScope = { fraudRunId: fraud?.id ?? null, reconciliationRunId: recon?.id ?? null };
    const [row] = await this.db
      .insert(povAnalysis)
      .values({
        povRole: a.role,
        analysisResults: { ...a, figures },
        riskScore: a.riskScore,
        recommendations: a.recommendations.map((r) => r.text),
        scope: usedScope,
        createdBy: userId,
        createdAt: new Date(this.clock.nowMs()),
      })
      .returning();
    return ok(view(row as typeof povAnalysis.$inferSelect));
  }

  /** Stored analyses, newest first, optionally of one role. */
  async list(f: { role?: string; limit: number; offset: number }) {
    const q = this.db.select().from(povAnalysis);
    const rows = await (f.role ? q.where(eq(povAnalysis.povRole, f.role)) : q)
      .orderBy(desc(povAnalysis.id))
      .limit(f.limit)
      .offset(f.offset);
    return rows.map(view);
  }
}

/** The six roles, for the API's schema. */
export const povRoleList: readonly PovRole[] = povRoles;

function view(r: typeof povAnalysis.$inferSelect) {
  return {
    id: r.id,
    role: r.povRole,
    riskScore: r.riskScore,
    recommendations: r.recommendations ?? [],
    analysis: r.analysisResults,
    scope: r.scope,
    createdAt: r.createdAt.toISOString(),
  };
}
