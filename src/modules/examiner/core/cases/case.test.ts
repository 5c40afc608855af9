import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Result, seedFromEnv } from '../../../../kernel/index.js';
import {
  addDocumentVersion,
  addMilestone,
  addParty,
  completeMilestone,
  type LitigationCase,
  linkEvidence,
  openCase,
  overdueMilestones,
  transitionCase,
} from './case.js';
import { caseStages, caseTransitions } from './lifecycle.js';

const seed = seedFromEnv();
const hashA = 'a'.repeat(64);
const hashB = 'b'.repeat(64);

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.code} ${r.detail ?? ''}`);
  return r.value;
}

function code<T>(r: Result<T>): string | null {
  return r.ok ? null : r.code;
}

describe('litigation cases', () => {
  it('walks the full lifecycle and records each step on the timeline', () => {
    let c = must(openCase('case-1', 'Acme vendor fraud', { actor: 'kim', atMs: 1 }));
    let t = 2;
    for (const stage of ['investigation', 'filed', 'discovery', 'trial', 'judgment', 'closed']) {
      c = must(transitionCase(c, stage, { actor: 'kim', atMs: t++ }));
    }
    expect(c.stage).toBe('closed');
    expect(c.timeline.map((e) => e.kind)).toEqual(['opened', ...Array(6).fill('stage_changed')]);
    expect(code(addParty(c, { id: 'p1', name: 'X', role: 'witness' }, { actor: 'kim', atMs: t }))).toBe(
      'case_is_closed',
    );
  });

  it('allows exactly the transitions in the table, from any reachable stage', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...caseStages), { maxLength: 12 }), (attempts) => {
        let c: LitigationCase = must(openCase('c', 'T', { actor: 'a', atMs: 0 }));
        attempts.forEach((to, i) => {
          const r = transitionCase(c, to, { actor: 'a', atMs: i + 1 });
          const allowed = c.stage !== 'closed' && caseTransitions[c.stage].includes(to);
          expect(r.ok).toBe(allowed);
          if (r.ok) c = r.value;
          else expect(['case_transition_not_allowed', 'case_is_closed']).toContain(r.code);
        });
      }),
      { seed },
    );
  });

  it('refuses skipping stages, unknown stages and time running backwards', () => {
    const c = must(openCase('case-1', 'T', { actor: 'kim', atMs: 100 }));
    expect(code(transitionCase(c, 'trial', { actor: 'kim', atMs: 101 }))).toBe('case_transition_not_allowed');
    expect(code(transitionCase(c, 'appeal', { actor: 'kim', atMs: 101 }))).toBe('case_stage_unknown');
    expect(code(transitionCase(c, 'investigation', { actor: 'kim', atMs: 99 }))).toBe(
      'case_time_must_not_go_backwards',
    );
  });

  it('tracks parties, milestones, document versions and evidence', () => {
    const by = (atMs: number) => ({ actor: 'kim', atMs });
    let c = must(openCase('case-1', 'T', by(1)));
    c = must(addParty(c, { id: 'p1', name: 'Jane Roe', role: 'defendant', email: 'jane@example.com' }, by(2)));
    expect(code(addParty(c, { id: 'p1', name: 'Dup', role: 'witness' }, by(3)))).toBe('case_party_exists');
    c = must(addMilestone(c, { id: 'm1', title: 'File complaint', dueDate: '2025-04-01' }, by(3)));
    c = must(addMilestone(c, { id: 'm2', title: 'Disclosure', dueDate: '2025-06-01' }, by(4)));
    expect(overdueMilestones(c, '2025-05-01').map((m) => m.id)).toEqual(['m1']);
    c = must(completeMilestone(c, 'm1', by(5)));
    expect(overdueMilestones(c, '2025-05-01')).toEqual([]);
    expect(code(completeMilestone(c, 'm1', by(6)))).toBe('case_milestone_already_completed');
    c = must(addDocumentVersion(c, { id: 'd1', title: 'Complaint', sha256: hashA, sizeBytes: 10 }, by(6)));
    expect(code(addDocumentVersion(c, { id: 'd1', title: 'Complaint', sha256: hashA, sizeBytes: 10 }, by(7)))).toBe(
      'document_version_unchanged',
    );
    c = must(
      addDocumentVersion(c, { id: 'd1', title: 'Complaint', sha256: hashB, sizeBytes: 12, note: 'amended' }, by(7)),
    );
    expect(c.documents[0]!.versions.map((v) => [v.version, v.sha256])).toEqual([
      [1, hashA],
      [2, hashB],
    ]);
    c = must(linkEvidence(c, 'ev-1', by(8)));
    expect(code(linkEvidence(c, 'ev-1', by(9)))).toBe('case_evidence_already_linked');
    expect(c.timeline.length).toBe(8);
    // Personal data stays out of the timeline.
    expect(JSON.stringify(c.timeline)).not.toContain('Jane');
  });
});
