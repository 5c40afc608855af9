// The version of the exchange's rules: what ExchangeState.apply makes of a command. Recovery replays the journal
// through the running build, so records written by a build with other rules could replay into another state than
// the one clients were told about.

/**
 * Bump when a change makes `apply` give another result for the same state and command (a check added or moved, a
 * hold sized differently). Snapshots record it; recovery refuses to replay records written under another version.
 * 1: until 2026-11-22. 2: amends pass pre-trade risk; symbol bounds before risk; buy holds in the quote's scale;
 * VWAP parents cut into the requested number of slices. 3: a market order's protection price is its valuation
 * where tighter than the band edge, and stands in for a missing reference price; a symbol's lot must be a whole number
 * of its base asset's smallest unit; an algo parent sends at most one child per slice (a child that closes unfilled
 * is not re-sent every tick); one account may run at most algoOrdersRunningPerUserMax algo orders. 4: past the
 * closed-order bound, the account holding most closed orders gives up its oldest (was: the exchange's oldest), which
 * decides whether a clientOrderId retry finds its order; cancel-all; symbol halts, price band and reference price
 * changes (updateSymbol); tick and lot refusals on the field at fault (a stop price's on stopPrice); waiting stops
 * can be amended (trigger, price, size), going to the back of the stops. 5: finished algo parents are retained up to
 * finishedAlgoOrdersRetainedMax (the account holding most gives up its oldest, and with it the parent's
 * clientOrderId), where every parent was kept; kill switches and market trades reach working parents only;
 * good-till-date orders (`expireAt`, cancelled by `expireOrders`).
 */
export const exchangeRulesVersion = 5;

/** The rules version of a snapshot: recorded since version 2, so a snapshot without one was written under 1. */
export function rulesVersionOf(snapshot: { rulesVersion?: number }): number {
  return snapshot.rulesVersion ?? 1;
}

/** Why recovery stops: records after the snapshot were written under other rules than this build's. */
export class RulesVersionError extends Error {
  constructor(
    readonly recorded: number,
    readonly running: number,
    readonly firstSeq: number,
  ) {
    super(
      `the exchange journal holds records from ${firstSeq} on written under exchange rules version ${recorded}, ` +
        `and this build applies version ${running}: replaying them could recover another state than the one ` +
        `clients were told about. Start the build that wrote them and stop it cleanly (it snapshots at shutdown), ` +
        `then start this one.`,
    );
    this.name = 'RulesVersionError';
  }
}
