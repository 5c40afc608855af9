// The legal report of one case: status, parties, milestones, documents, evidence with custody verification, timeline.

import { type ReportModel, sensitive } from '../model.js';
import { num, text } from './common.js';

/** Plain facts of a case. */
export interface CaseReportInput {
  readonly caseId: string;
  readonly title: string;
  readonly stage: string;
  readonly openedAt: string;
  readonly parties: readonly { name: string; role: string; email?: string }[];
  readonly milestones: readonly { title: string; dueDate: string; completed: boolean }[];
  readonly documents: readonly { title: string; versions: number; latestSha256: string }[];
  readonly evidence: readonly {
    id: string;
    title: string;
    sha256: string;
    custodyEntries: number;
    custodyIntact: boolean;
    firstBadEntry?: number;
  }[];
  readonly timeline: readonly { at: string; actor: string; kind: string; detail: string }[];
}

/** Builds the case report for `audience`. */
export function caseReport(input: CaseReportInput, audience: string, generatedAt: string): ReportModel {
  const broken = input.evidence.filter((e) => !e.custodyIntact);
  return {
    template: 'case_report',
    title: `Case report: ${input.title}`,
    subtitle: `Case ${input.caseId}, stage ${input.stage}, opened ${input.openedAt}`,
    audience,
    generatedAt,
    sections: [
      {
        kind: 'paragraphs',
        title: 'Evidence integrity',
        paragraphs: [
          [
            broken.length === 0
              ? `All ${input.evidence.length} evidence item(s) have intact custody chains.`
              : `${broken.length} of ${input.evidence.length} evidence item(s) FAIL custody verification: ${broken.map((b) => `${b.id} at entry ${b.firstBadEntry ?? '?'}`).join(', ')}.`,
          ],
        ],
      },
      {
        kind: 'table',
        title: 'Parties',
        columns: [text('Name'), text('Role'), text('E-mail')],
        rows: input.parties.map((p) => [
          sensitive('personal', p.name),
          p.role,
          p.email === undefined ? null : sensitive('personal', p.email),
        ]),
      },
      {
        kind: 'table',
        title: 'Milestones',
        columns: [text('Milestone'), text('Due'), text('Status')],
        rows: input.milestones.map((m) => [m.title, m.dueDate, m.completed ? 'done' : 'open']),
      },
      {
        kind: 'table',
        title: 'Documents',
        columns: [text('Document'), num('Versions'), text('Latest SHA-256')],
        rows: input.documents.map((d) => [d.title, d.versions, d.latestSha256]),
      },
      {
        kind: 'table',
        title: 'Evidence',
        columns: [text('Id'), text('Title'), text('SHA-256'), num('Custody entries'), text('Custody')],
        rows: input.evidence.map((e) => [
          e.id,
          e.title,
          e.sha256,
          e.custodyEntries,
          e.custodyIntact ? 'intact' : `broken at entry ${e.firstBadEntry ?? '?'}`,
        ]),
      },
      {
        kind: 'table',
        title: 'Timeline',
        columns: [text('When'), text('Who'), text('Event'), text('Detail')],
        rows: input.timeline.map((t) => [t.at, sensitive('personal', t.actor), t.kind, t.detail]),
      },
    ],
  };
}
