// Shapes of the Examiner API as the UI reads them (amounts are decimal strings).

/** A row an import refused. */
export interface Rejection {
  line: number;
  reason: string;
  detail: string;
}

/** What an import reports. */
export interface ImportSummary {
  batchId: string;
  accepted: number;
  duplicates: number;
  rejected: { total: number; rows: Rejection[] };
}

/** A stored bank line or expense. */
export interface RecordRow {
  id: string;
  date: string;
  amount: string;
  currency: string;
  description: string;
  account?: string;
  vendor?: string;
  category?: string | null;
  reference?: string | null;
  status?: string;
  line?: number;
}

/** A preview of the first rows of a file. */
export interface Preview {
  rows: RecordRow[];
  rejected: Rejection[];
  complete: boolean;
}

/** A reconciliation run's summary. */
export interface RunSummary {
  id: string;
  createdAt: string;
  rate: number;
  bankCount: number;
  expenseCount: number;
  matched: number;
  review: number;
  unmatched: number;
  categories: Record<string, number>;
}

/** A match or review item with its records. */
export interface MatchRow {
  id: string;
  confidence: number;
  algorithm: string;
  status: string;
  reviewReason: string | null;
  bankLines: RecordRow[];
  expenses: RecordRow[];
}

/** A run with one page of each section. */
export interface RunDetail {
  run: RunSummary;
  matches: { total: number; items: MatchRow[] };
  review: { total: number; items: MatchRow[] };
  unmatched: { total: number; items: { side: string; id: string; category: string; record: RecordRow | null }[] };
}

/** One factor of a fraud score. */
export interface Factor {
  code: string;
  category: string;
  points: number;
  detail: string;
}

/** A flagged expense in the queue. */
export interface Flag {
  id: string;
  transactionId: string;
  riskScore: number;
  priority: string;
  category: string | null;
  status: string;
  factors: Factor[];
  expense: RecordRow | null;
}

/** A fraud scoring run. */
export interface FraudRun {
  id: string;
  configVersion: number;
  currency: string;
  transactionCount: number;
  flaggedCount: number;
  byPriority: Record<string, number>;
  createdAt: string;
}

/** A stored POV analysis. */
export interface PovResult {
  id: number;
  role: string;
  riskScore: number | null;
  recommendations: string[];
  analysis: {
    title: string;
    recommendations: { id: string; priority: string; text: string }[];
    emphasis: { figure: string; value: number; points: number }[];
    focusAreas: string[];
    missingFigures: string[];
  };
  createdAt: string;
}
