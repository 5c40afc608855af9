// Running an analysis as one point of view: a 0–100 risk score, the recommendations that apply and what to emphasise.

import { err, ok, type Result } from '../../../../kernel/index.js';
import { evaluateCondition, interpolate } from './conditions.js';
import type { PovFigureName, PovFigures } from './figures.js';
import {
  type PovDefinition,
  type PovRole,
  povDefinitions,
  povRoles,
  type RecommendationRule,
  type ReportFormat,
} from './roles.js';

/** One recommendation as shown to the reader. */
export interface Recommendation {
  readonly id: string;
  readonly priority: RecommendationRule['priority'];
  readonly text: string;
}

/** A figure's contribution to the risk score, for emphasis in reports and UI. */
export interface Emphasis {
  readonly figure: PovFigureName;
  readonly value: number;
  /** Points of the 0..100 score this figure produced. */
  readonly points: number;
}

/** The outcome of a POV analysis. */
export interface PovAnalysis {
  readonly role: PovRole;
  readonly title: string;
  readonly riskScore: number;
  readonly recommendations: readonly Recommendation[];
  /** Figures that drove the score, largest first. */
  readonly emphasis: readonly Emphasis[];
  readonly focusAreas: readonly string[];
  readonly outputFormats: readonly ReportFormat[];
  /** Risk inputs the caller did not supply; the score is computed from the others. */
  readonly missingFigures: readonly PovFigureName[];
}

const priorityRank = { urgent: 0, advisory: 1, info: 2 } as const;

function normalise(v: number, low: number, high: number): number {
  if (low === high) return v >= high ? 1 : 0;
  const t = (v - low) / (high - low);
  return Math.min(1, Math.max(0, t));
}

/**
 * Scores figures as `role`: the weighted mean of each known risk input normalised to 0..1, times 100 and rounded;
 * recommendations are the rules whose conditions hold, urgent first.
 */
export function analyseAsPov(role: string, figures: PovFigures, definitions = povDefinitions): Result<PovAnalysis> {
  if (!(povRoles as readonly string[]).includes(role)) return err('pov_role_unknown', role, 'role');
  const def = definitions[role as PovRole] as PovDefinition;
  let weighted = 0;
  let weightSum = 0;
  const missing: PovFigureName[] = [];
  const parts: { figure: PovFigureName; value: number; share: number }[] = [];
  for (const input of def.riskInputs) {
    const v = figures[input.figure];
    if (v === undefined || !Number.isFinite(v)) {
      missing.push(input.figure);
      continue;
    }
    const share = input.weight * normalise(v, input.low, input.high);
    weighted += share;
    weightSum += input.weight;
    parts.push({ figure: input.figure, value: v, share });
  }
  const riskScore = weightSum > 0 ? Math.round((100 * weighted) / weightSum) : 0;
  const emphasis = parts
    .map((p) => ({ figure: p.figure, value: p.value, points: weightSum > 0 ? (100 * p.share) / weightSum : 0 }))
    .filter((e) => e.points > 0)
    .sort((a, b) => b.points - a.points);
  const recommendations = def.recommendationRules
    .filter((r) => evaluateCondition(r.when, figures))
    .map((r) => ({ id: r.id, priority: r.priority, text: interpolate(r.text, figures) }))
    .sort((a, b) => priorityRank[a.priority] - priorityRank[b.priority]);
  return ok({
    role: def.role,
    title: def.title,
    riskScore,
    recommendations,
    emphasis,
    focusAreas: def.focusAreas,
    outputFormats: def.outputFormats,
    missingFigures: missing,
  });
}
