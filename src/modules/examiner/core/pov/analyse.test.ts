import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../../kernel/index.js';
import { analyseAsPov } from './analyse.js';
import { evaluateCondition, interpolate } from './conditions.js';
import { type PovFigureName, povFigureCatalogue } from './figures.js';
import { povDefinitions, povRoles } from './roles.js';

const seed = seedFromEnv();
const figureNames = Object.keys(povFigureCatalogue) as PovFigureName[];

describe('points of view', () => {
  it('defines all six roles with focus areas, methods, formats and rules', () => {
    expect(Object.keys(povDefinitions).sort()).toEqual([...povRoles].sort());
    for (const role of povRoles) {
      const d = povDefinitions[role];
      expect(d.role).toBe(role);
      expect(d.focusAreas.length).toBeGreaterThan(0);
      expect(d.analysisMethods.length).toBeGreaterThan(0);
      expect(d.outputFormats.length).toBeGreaterThan(0);
      expect(d.recommendationRules.length).toBeGreaterThan(0);
      for (const i of d.riskInputs) expect(figureNames).toContain(i.figure);
    }
  });

  it('sees the same figures differently by role', () => {
    const figures = {
      critical_flags: 6,
      custody_broken: 1,
      exposure_amount: 250_000,
      reconciliation_rate: 0.99,
      evidence_items: 4,
    };
    const prosecutor = analyseAsPov('prosecutor', figures);
    const examiner = analyseAsPov('financial_examiner', figures);
    if (!prosecutor.ok || !examiner.ok) throw new Error('analysis failed');
    expect(prosecutor.value.recommendations[0]).toEqual({
      id: 'custody_broken',
      priority: 'urgent',
      text: '1 evidence item(s) fail custody verification: establish what happened before relying on them.',
    });
    // Broken custody blocks the "charge a scheme" advice.
    expect(prosecutor.value.recommendations.map((r) => r.id)).not.toContain('pattern_charge');
    expect(prosecutor.value.emphasis[0]?.figure).toBe('custody_broken');
    expect(prosecutor.value.riskScore).toBeGreaterThan(examiner.value.riskScore);
    expect(examiner.value.missingFigures).toEqual(['fraud_risk_max', 'flagged_share', 'benford_first_digit_mad']);
  });

  it('treats a lower reconciliation rate as worse for the auditor', () => {
    const good = analyseAsPov('auditor', { reconciliation_rate: 0.995 });
    const bad = analyseAsPov('auditor', { reconciliation_rate: 0.8 });
    if (!good.ok || !bad.ok) throw new Error('analysis failed');
    expect(good.value.riskScore).toBe(0);
    expect(bad.value.riskScore).toBe(100);
  });

  it('rejects an unknown role with a stable code', () => {
    const r = analyseAsPov('astrologer', {});
    expect(r.ok ? null : r.code).toBe('pov_role_unknown');
  });

  it('always scores within 0..100 and never recommends on unknown figures alone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...povRoles),
        fc.dictionary(fc.constantFrom(...figureNames), fc.double({ min: -1e9, max: 1e9, noNaN: true })),
        (role, figures) => {
          const r = analyseAsPov(role, figures);
          if (!r.ok) throw new Error(r.code);
          expect(r.value.riskScore).toBeGreaterThanOrEqual(0);
          expect(r.value.riskScore).toBeLessThanOrEqual(100);
          expect(r.value.emphasis.reduce((s, e) => s + e.points, 0)).toBeLessThanOrEqual(100 + 1e-9);
        },
      ),
      { seed },
    );
    expect(analyseAsPov('judge', {})).toMatchObject({
      ok: true,
      value: { riskScore: 0, missingFigures: ['custody_broken', 'evidence_unverified', 'overdue_milestones'] },
    });
  });

  it('evaluates nested conditions and fills templates', () => {
    const c = {
      all: [
        { figure: 'open_cases', op: '>', value: 1 } as const,
        { not: { figure: 'policy_breaches', op: '>', value: 0 } as const },
      ],
    };
    expect(evaluateCondition(c, { open_cases: 2 })).toBe(true);
    expect(evaluateCondition(c, { open_cases: 2, policy_breaches: 1 })).toBe(false);
    expect(
      interpolate('{open_cases} open, {policy_breaches} breaches, {flagged_share}', {
        open_cases: 3,
        flagged_share: 0.123456,
      }),
    ).toBe('3 open, ? breaches, 0.1235');
  });
});
