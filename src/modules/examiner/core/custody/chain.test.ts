import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, seedFromEnv, sha256Hex } from '../../../../kernel/index.js';
import {
  appendAfter,
  appendCustody,
  type CustodyEntry,
  type CustodyInput,
  genesisHash,
  verifyCustodyChain,
} from './chain.js';
import { collectEvidence, contentMatches } from './evidence.js';

const seed = seedFromEnv();
const content = new TextEncoder().encode('bank statement March 2025');

function build(actions: Omit<CustodyInput, 'itemId'>[]): CustodyEntry[] {
  const chain: CustodyEntry[] = [];
  for (const a of actions) {
    const r = appendCustody(chain, { itemId: 'ev-1', ...a });
    if (!r.ok) throw new Error(r.code);
    chain.push(r.value);
  }
  return chain;
}

const history: Omit<CustodyInput, 'itemId'>[] = [
  { action: 'collected', actor: 'examiner.kim', atMs: 1_000, contentSha256: sha256Hex(content) },
  { action: 'viewed', actor: 'prosecutor.lee', atMs: 2_000 },
  { action: 'transferred', actor: 'examiner.kim', atMs: 3_000, toCustodian: 'court.clerk' },
  {
    action: 'exported',
    actor: 'court.clerk',
    atMs: 4_000,
    contentSha256: sha256Hex(content),
    note: 'disclosure bundle',
  },
];

describe('custody chain', () => {
  it('hashes SHA-256 correctly (FIPS 180-4 test vector "abc")', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('links each entry to the previous hash and verifies intact', () => {
    const chain = build(history);
    expect(chain[0]!.prevHash).toBe(genesisHash);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
    expect(verifyCustodyChain(chain)).toEqual({ ok: true, length: 4, headHash: chain[3]!.hash });
  });

  it('names the first bad entry when any field of any entry is altered', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('actor', 'atMs', 'note', 'action'),
        (index, field) => {
          const chain = build(history);
          const e = chain[index]!;
          const tampered = {
            ...e,
            [field]:
              field === 'atMs'
                ? e.atMs + 1
                : field === 'action'
                  ? e.action === 'viewed'
                    ? 'exported'
                    : 'viewed'
                  : 'mallory',
          };
          chain[index] = tampered as CustodyEntry;
          expect(verifyCustodyChain(chain)).toEqual({ ok: false, index, seq: index, reason: 'hash_mismatch' });
        },
      ),
      { seed },
    );
  });

  it('detects a re-hashed forgery at the next link and a removed entry as a gap', () => {
    const chain = build(history);
    const { hash: _old, ...body } = { ...chain[1]!, actor: 'mallory' };
    chain[1] = { ...body, hash: sha256Hex(canonicalJson(body)) };
    expect(verifyCustodyChain(chain)).toMatchObject({ ok: false, index: 2, reason: 'previous_hash_mismatch' });
    const cut = build(history);
    cut.splice(1, 1);
    expect(verifyCustodyChain(cut)).toMatchObject({ ok: false, index: 1, reason: 'sequence_gap' });
  });

  it('refuses malformed actions with stable codes', () => {
    const chain = build(history.slice(0, 1));
    const code = (input: CustodyInput) => {
      const r = appendCustody(chain, input);
      return r.ok ? null : r.code;
    };
    expect(code({ itemId: 'ev-1', action: 'viewed', actor: 'x', atMs: 500 })).toBe(
      'custody_time_must_not_go_backwards',
    );
    expect(code({ itemId: 'ev-1', action: 'transferred', actor: 'x', atMs: 5_000 })).toBe(
      'custody_transfer_needs_custodian',
    );
    expect(code({ itemId: 'ev-2', action: 'viewed', actor: 'x', atMs: 5_000 })).toBe('custody_item_mismatch');
    expect(code({ itemId: 'ev-1', action: 'viewed', actor: ' ', atMs: 5_000 })).toBe('custody_actor_required');
    const first = appendCustody([], { itemId: 'ev-9', action: 'viewed', actor: 'x', atMs: 1 });
    expect(first.ok ? null : first.code).toBe('custody_must_start_with_collection');
  });

  it('collects evidence with its content hash and detects changed content', () => {
    const r = collectEvidence(
      {
        id: 'ev-7',
        caseId: 'case-1',
        title: 'Invoice 4471',
        mediaType: 'application/pdf',
        collectedBy: 'examiner.kim',
        collectedAtMs: 10,
      },
      content,
    );
    if (!r.ok) throw new Error(r.code);
    expect(r.value.item.sha256).toBe(sha256Hex(content));
    expect(r.value.custody).toMatchObject({ action: 'collected', seq: 0, contentSha256: r.value.item.sha256 });
    expect(contentMatches(r.value.item, content)).toBe(true);
    expect(contentMatches(r.value.item, new TextEncoder().encode('bank statement March 2026'))).toBe(false);
  });

  it('writes canonical JSON independent of key order', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, d: 5n })).toBe(
      '{"a":[true,null,"x"],"b":1,"d":"5"}',
    );
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('appendAfter', () => {
  it('links and numbers the next entry exactly as appending to the whole chain does', () => {
    const chain: CustodyEntry[] = [];
    const inputs = [
      { itemId: 'e1', action: 'collected' as const, actor: 'ann', atMs: 1_000, contentSha256: 'a'.repeat(64) },
      { itemId: 'e1', action: 'viewed' as const, actor: 'bob', atMs: 2_000 },
      { itemId: 'e1', action: 'transferred' as const, actor: 'bob', atMs: 3_000, toCustodian: 'lab' },
      { itemId: 'e1', action: 'exported' as const, actor: 'cy', atMs: 4_000, contentSha256: 'a'.repeat(64) },
    ];
    for (const input of inputs) {
      const whole = appendCustody(chain, input);
      const tail = appendAfter(chain[chain.length - 1], input);
      expect(tail).toEqual(whole);
      if (!whole.ok) throw new Error(whole.code);
      chain.push(whole.value);
    }
    expect(verifyCustodyChain(chain).ok).toBe(true);
    expect(
      appendAfter(chain[chain.length - 1], { itemId: 'e1', action: 'collected', actor: 'x', atMs: 5_000 }),
    ).toMatchObject({
      ok: false,
      code: 'custody_already_collected',
    });
  });
});
