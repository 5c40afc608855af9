// Cases and evidence end to end through app.inject: lifecycle codes, streamed evidence hashes, custody chain, tampering, legal report.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoleNexus, roleNexus } from './cases-test-support.js';

let n: RoleNexus;
const app = () => n.t.nexus.app;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

async function newCase(title: string): Promise<string> {
  const res = await app().inject({
    method: 'POST',
    url: '/api/v1/examiner/cases',
    headers: n.as('prosecutor'),
    payload: { title },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function upload(caseId: string, bytes: Buffer, title: string) {
  return app().inject({
    method: 'POST',
    url: `/api/v1/examiner/cases/${caseId}/evidence?title=${encodeURIComponent(title)}&mediaType=text/plain`,
    headers: { ...n.as('prosecutor'), 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
}

async function pdfText(bytes: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

beforeAll(async () => {
  n = await roleNexus(['prosecutor', 'judge', 'viewer', 'auditor']);
});
afterAll(async () => n.close());

describe('litigation cases over HTTP', () => {
  it('walks the lifecycle, refusing skipped and unknown stages and any change after closing', async () => {
    const id = await newCase('Acme v. Globex');
    const step = (to: string, who = 'prosecutor') =>
      app().inject({
        method: 'POST',
        url: `/api/v1/examiner/cases/${id}/transition`,
        headers: n.as(who),
        payload: { to },
      });
    const skipped = await step('trial');
    expect([skipped.statusCode, skipped.json().code]).toEqual([409, 'case_transition_not_allowed']);
    const unknown = await step('appeal');
    expect([unknown.statusCode, unknown.json().code]).toEqual([400, 'case_stage_unknown']);
    const byJudge = await step('investigation', 'judge');
    expect([byJudge.statusCode, byJudge.json().code]).toEqual([403, 'forbidden']);
    for (const to of ['investigation', 'filed', 'discovery', 'trial', 'judgment', 'closed']) {
      const r = await step(to);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().stage).toBe(to);
    }
    const closed = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/parties`,
      headers: n.as('prosecutor'),
      payload: { name: 'Late Witness', role: 'witness' },
    });
    expect([closed.statusCode, closed.json().code]).toEqual([409, 'case_is_closed']);
    const lateEvidence = await upload(id, Buffer.from('too late'), 'late.txt');
    expect([lateEvidence.statusCode, lateEvidence.json().code]).toEqual([409, 'case_is_closed']);
    expect(existsSync(join(n.t.dataDir, 'evidence', id))).toBe(false);
    const timeline = await app().inject({ url: `/api/v1/examiner/cases/${id}/timeline`, headers: n.as('judge') });
    expect(timeline.json().items.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      ...Array(6).fill('stage_changed'),
    ]);
    const list = await app().inject({ url: '/api/v1/examiner/cases?stage=closed', headers: n.as('auditor') });
    expect(list.json().items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await app().inject({ url: '/api/v1/examiner/cases', headers: n.as('viewer') })).statusCode).toBe(403);
  });

  it('records parties, milestones and document versions, each on the timeline', async () => {
    const id = await newCase('Vendor kickbacks');
    const h = n.as('prosecutor');
    const party = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/parties`,
      headers: h,
      payload: { name: 'Jane Roe', role: 'defendant', email: 'jane@example.com' },
    });
    expect(party.statusCode, party.body).toBe(201);
    const ms = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/milestones`,
      headers: h,
      payload: { title: 'File complaint', dueDate: '2026-02-01' },
    });
    const milestoneId = ms.json().milestones[0].id as string;
    const done = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/milestones/${milestoneId}/complete`,
      headers: h,
    });
    expect(done.json().milestones[0].completedAt).not.toBeNull();
    const again = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/milestones/${milestoneId}/complete`,
      headers: h,
    });
    expect(again.json().code).toBe('case_milestone_already_completed');
    const put = (body: string, documentId?: string) =>
      app().inject({
        method: 'POST',
        url: `/api/v1/examiner/cases/${id}/documents?title=Complaint${documentId ? `&documentId=${documentId}` : ''}`,
        headers: { ...h, 'content-type': 'application/octet-stream' },
        payload: Buffer.from(body),
      });
    const v1 = await put('complaint draft');
    expect(v1.statusCode, v1.body).toBe(201);
    const docId = v1.json().documents[0].id as string;
    expect((await put('complaint draft', docId)).json().code).toBe('document_version_unchanged');
    const v2 = await put('complaint, amended', docId);
    expect(v2.json().documents[0].versions.map((v: { sha256: string }) => v.sha256)).toEqual([
      sha('complaint draft'),
      sha('complaint, amended'),
    ]);
    const back = await app().inject({
      url: `/api/v1/examiner/cases/${id}/documents/${docId}/versions/2`,
      headers: n.as('judge'),
    });
    expect(back.body).toBe('complaint, amended');
    const json = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/documents?title=X`,
      headers: h,
      payload: { not: 'a file' },
    });
    expect(json.statusCode).toBe(415);
    const kinds = v2.json().timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual([
      'opened',
      'party_added',
      'milestone_added',
      'milestone_completed',
      'document_version_added',
      'document_version_added',
    ]);
  });
});

describe('evidence custody', () => {
  it('stores the upload under DATA_DIR/evidence/<case>/<sha256> with the hash of its bytes', async () => {
    const id = await newCase('Evidence hash');
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const res = await upload(id, bytes, 'ledger export.csv');
    expect(res.statusCode, res.body).toBe(201);
    const { item, custody } = res.json();
    expect(item.sha256).toBe(sha(bytes));
    expect(item.sizeBytes).toBe(bytes.length);
    expect(custody).toMatchObject({ seq: 0, action: 'collected', contentSha256: sha(bytes), actor: 'u-prosecutor' });
    const path = join(n.t.dataDir, 'evidence', id, item.sha256);
    expect(readFileSync(path).equals(bytes)).toBe(true);
    const c = await app().inject({ url: `/api/v1/examiner/cases/${id}`, headers: n.as('judge') });
    expect(c.json().evidenceIds).toEqual([item.id]);
    const denied = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/evidence?title=x`,
      headers: { ...n.as('judge'), 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(denied.statusCode).toBe(403);
  });

  it('appends viewed, transferred and exported to the chain; verify detects a tampered row and a tampered file', async () => {
    const id = await newCase('Custody chain');
    const bytes = Buffer.from('invoice 4471: 12,500.00 EUR to Globex');
    const item = (await upload(id, bytes, 'invoice.txt')).json().item as { id: string; sha256: string };
    const view = await app().inject({ url: `/api/v1/examiner/evidence/${item.id}/download`, headers: n.as('judge') });
    expect(view.statusCode).toBe(200);
    expect(view.rawPayload.equals(bytes)).toBe(true);
    expect(view.headers['x-content-sha256']).toBe(item.sha256);
    const moved = await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/evidence/${item.id}/transfer`,
      headers: n.as('prosecutor'),
      payload: { toCustodian: 'Evidence room B' },
    });
    expect(moved.statusCode, moved.body).toBe(201);
    await app().inject({
      url: `/api/v1/examiner/evidence/${item.id}/download?purpose=export`,
      headers: n.as('prosecutor'),
    });
    const chain = await app().inject({ url: `/api/v1/examiner/evidence/${item.id}/custody`, headers: n.as('auditor') });
    const entries = chain.json().items as {
      seq: number;
      action: string;
      actor: string;
      prevHash: string;
      hash: string;
    }[];
    expect(entries.map((e) => [e.seq, e.action, e.actor])).toEqual([
      [0, 'collected', 'u-prosecutor'],
      [1, 'viewed', 'u-judge'],
      [2, 'transferred', 'u-prosecutor'],
      [3, 'exported', 'u-prosecutor'],
    ]);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
    const verifyUrl = `/api/v1/examiner/evidence/${item.id}/custody/verify`;
    expect((await app().inject({ url: verifyUrl, headers: n.as('judge') })).json()).toMatchObject({
      ok: true,
      entries: 4,
      content: { ok: true, actualSha256: item.sha256 },
    });

    await n.t.nexus.database.query(`update custody_entries set actor = 'mallory' where item_id = $1 and seq = 2`, [
      item.id,
    ]);
    const tampered = (await app().inject({ url: verifyUrl, headers: n.as('judge') })).json();
    expect(tampered).toMatchObject({ ok: false, firstBad: { seq: 2, reason: 'hash_mismatch' }, content: { ok: true } });
  });

  it('reports a content mismatch when the stored file is altered', async () => {
    const id = await newCase('Altered file');
    const item = (await upload(id, Buffer.from('original bytes'), 'a.txt')).json().item as {
      id: string;
      sha256: string;
    };
    writeFileSync(join(n.t.dataDir, 'evidence', id, item.sha256), 'altered bytes');
    const v = (
      await app().inject({ url: `/api/v1/examiner/evidence/${item.id}/custody/verify`, headers: n.as('auditor') })
    ).json();
    expect(v).toMatchObject({
      ok: false,
      entries: 1,
      content: {
        ok: false,
        reason: 'content_mismatch',
        expectedSha256: item.sha256,
        actualSha256: sha('altered bytes'),
      },
    });
    expect(v.firstBad).toBeUndefined();
  });

  it('refuses an empty upload and leaves no file behind', async () => {
    const id = await newCase('Empty upload');
    const res = await upload(id, Buffer.alloc(0), 'nothing');
    expect([res.statusCode, res.json().code]).toEqual([400, 'upload_empty']);
    expect(existsSync(join(n.t.dataDir, 'evidence', id, sha('')))).toBe(false);
  });
});

describe('legal report', () => {
  it('is a PDF holding the case title, parties unmasked for the prosecutor and masked for the auditor', async () => {
    const id = await newCase('State v. Hank Scorpio Holdings');
    await app().inject({
      method: 'POST',
      url: `/api/v1/examiner/cases/${id}/parties`,
      headers: n.as('prosecutor'),
      payload: { name: 'Hank Scorpio', role: 'defendant' },
    });
    await upload(id, Buffer.from('bank statement'), 'statement.txt');
    const forProsecutor = await app().inject({
      url: `/api/v1/examiner/cases/${id}/report`,
      headers: n.as('prosecutor'),
    });
    expect(forProsecutor.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(forProsecutor.rawPayload);
    expect(text).toContain('State v. Hank Scorpio Holdings');
    expect(text).toContain('Hank Scorpio');
    expect(text).toContain('intact custody chains');
    const forAuditor = await pdfText(
      (await app().inject({ url: `/api/v1/examiner/cases/${id}/report`, headers: n.as('auditor') })).rawPayload,
    );
    expect(forAuditor).toContain('H*** S***');
    expect(forAuditor).toContain('Case report: State v. Hank Scorpio Holdings');
    expect(forAuditor.replaceAll('State v. Hank Scorpio Holdings', '')).not.toContain('Hank Scorpio');
  });
});
