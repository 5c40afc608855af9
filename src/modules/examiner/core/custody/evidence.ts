// Evidence items: what was collected, its content hash, and checks that content still matches.

import { err, ok, type Result, sha256Hex } from '../../../../kernel/index.js';
import { appendCustody, type CustodyEntry, type HashText } from './chain.js';
import { custodyLimits } from './limits.js';

/** One piece of evidence. Its content lives elsewhere; the hash pins it. */
export interface EvidenceItem {
  readonly id: string;
  readonly caseId: string;
  readonly title: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly collectedBy: string;
  readonly collectedAtMs: number;
}

/** What the collector supplies. */
export type EvidenceInput = Omit<EvidenceItem, 'sha256' | 'sizeBytes'>;

/** Registers evidence from its bytes and opens its custody chain with a `collected` entry. */
export function collectEvidence(
  input: EvidenceInput,
  content: Uint8Array,
  hashText: HashText = sha256Hex,
): Result<{ item: EvidenceItem; custody: CustodyEntry }> {
  if (input.title.trim() === '' || input.title.length > custodyLimits.evidenceTitleLengthMax) {
    return err('evidence_title_invalid', undefined, 'title');
  }
  const item: EvidenceItem = { ...input, sizeBytes: content.byteLength, sha256: sha256Hex(content) };
  const entry = appendCustody(
    [],
    {
      itemId: item.id,
      action: 'collected',
      actor: input.collectedBy,
      atMs: input.collectedAtMs,
      contentSha256: item.sha256,
    },
    hashText,
  );
  if (!entry.ok) return entry;
  return ok({ item, custody: entry.value });
}

/** True when `content` still hashes to what was collected. */
export function contentMatches(item: EvidenceItem, content: Uint8Array): boolean {
  return content.byteLength === item.sizeBytes && sha256Hex(content) === item.sha256;
}
