// Evidence custody chains: every action on an item appends an entry that carries the hash of the one before.

import { canonicalJson, err, ok, type Result, sha256Hex } from '../../../../kernel/index.js';
import { custodyLimits } from './limits.js';

/** What was done to an evidence item. */
export type CustodyAction = 'collected' | 'viewed' | 'transferred' | 'exported';

/** A hash function over text, hex out; SHA-256 unless a caller injects another. */
export type HashText = (text: string) => string;

/** The previous-hash of an item's first entry. */
export const genesisHash = '0'.repeat(64);

/** One link of an item's custody chain. */
export interface CustodyEntry {
  readonly itemId: string;
  /** 0 for the first entry, then +1 each time. */
  readonly seq: number;
  readonly action: CustodyAction;
  readonly actor: string;
  readonly atMs: number;
  /** For `transferred`: who holds the item afterwards. */
  readonly toCustodian?: string;
  /** For `collected` and `exported`: the SHA-256 of the item's content at that moment. */
  readonly contentSha256?: string;
  readonly note?: string;
  readonly prevHash: string;
  /** SHA-256 of the canonical JSON of every other field. */
  readonly hash: string;
}

/** An action to record. */
export type CustodyInput = Omit<CustodyEntry, 'seq' | 'prevHash' | 'hash'>;

/** Hash of an entry: the canonical JSON of all fields but `hash` (so `prevHash` is covered). */
export function entryHash(entry: Omit<CustodyEntry, 'hash'>, hash: HashText = sha256Hex): string {
  return hash(canonicalJson(entry));
}

function checkInput(last: CustodyEntry | undefined, input: CustodyInput): Result<null> {
  const length = last === undefined ? 0 : last.seq + 1;
  if (input.actor.trim() === '') return err('custody_actor_required', undefined, 'actor');
  if (!Number.isSafeInteger(input.atMs) || input.atMs < 0) return err('custody_time_invalid', undefined, 'atMs');
  if (length >= custodyLimits.entriesPerItemMax)
    return err('custody_chain_full', `at most ${custodyLimits.entriesPerItemMax}`);
  if (last === undefined && input.action !== 'collected')
    return err('custody_must_start_with_collection', undefined, 'action');
  if (last !== undefined && input.action === 'collected') return err('custody_already_collected', undefined, 'action');
  if (last !== undefined && last.itemId !== input.itemId) return err('custody_item_mismatch', input.itemId, 'itemId');
  if (last !== undefined && input.atMs < last.atMs) return err('custody_time_must_not_go_backwards', undefined, 'atMs');
  if (input.action === 'transferred' && !input.toCustodian?.trim())
    return err('custody_transfer_needs_custodian', undefined, 'toCustodian');
  if (input.action === 'collected' && !/^[0-9a-f]{64}$/.test(input.contentSha256 ?? '')) {
    return err('custody_collection_needs_content_hash', undefined, 'contentSha256');
  }
  return ok(null);
}

/** Appends an action to an item's chain and returns the new entry (the chain itself is not mutated). */
export function appendCustody(
  chain: readonly CustodyEntry[],
  input: CustodyInput,
  hash: HashText = sha256Hex,
): Result<CustodyEntry> {
  return appendAfter(chain[chain.length - 1], input, hash);
}

/**
 * Appends an action after the chain's newest entry (undefined for an empty chain). Only the newest entry matters
 * for the link and the sequence number, so a store can load just that row instead of the whole chain.
 */
export function appendAfter(
  last: CustodyEntry | undefined,
  input: CustodyInput,
  hash: HashText = sha256Hex,
): Result<CustodyEntry> {
  const checked = checkInput(last, input);
  if (!checked.ok) return checked;
  const body: Omit<CustodyEntry, 'hash'> = {
    ...input,
    seq: last === undefined ? 0 : last.seq + 1,
    prevHash: last === undefined ? genesisHash : last.hash,
  };
  return ok({ ...body, hash: entryHash(body, hash) });
}

/** Why verification failed at an entry. */
export type CustodyBreak = 'sequence_gap' | 'item_mismatch' | 'previous_hash_mismatch' | 'hash_mismatch';

/** The outcome of verifying a chain: intact, or the first bad entry and why. */
export type CustodyVerification =
  | { readonly ok: true; readonly length: number; readonly headHash: string }
  | { readonly ok: false; readonly index: number; readonly seq: number; readonly reason: CustodyBreak };

/**
 * Recomputes every link: sequence numbers run 0, 1, 2…, all entries name one item, each prevHash equals the
 * previous entry's hash (genesis for the first) and each hash matches its content. The first failure is named.
 */
export function verifyCustodyChain(chain: readonly CustodyEntry[], hash: HashText = sha256Hex): CustodyVerification {
  let prev = genesisHash;
  for (let i = 0; i < chain.length; i++) {
    const e = chain[i] as CustodyEntry;
    const fail = (reason: CustodyBreak): CustodyVerification => ({ ok: false, index: i, seq: e.seq, reason });
    if (e.seq !== i) return fail('sequence_gap');
    if (e.itemId !== chain[0]?.itemId) return fail('item_mismatch');
    if (e.prevHash !== prev) return fail('previous_hash_mismatch');
    const { hash: stored, ...body } = e;
    if (entryHash(body, hash) !== stored) return fail('hash_mismatch');
    prev = stored;
  }
  return { ok: true, length: chain.length, headHash: prev };
}
