// The packed attributes of a place command agree with the refusal codes and with the enumeration codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromEnv } from '../../../kernel/index.js';
import { orderAttrBits } from './fast-book.js';
import { hashCodes } from './state-hash.js';
import { placeCommand } from './types.js';
import { Attr, placeCommandAttrs, placeCommandCode } from './validate-command.js';

const bits = (word: number, at: number, width: number): number => (word >> at) & ((1 << width) - 1);

describe('placeCommandAttrs', () => {
  it('is non-negative exactly when placeCommandCode accepts, and packs the codes of hashCodes', () => {
    const seed = seedFromEnv();
    const command = fc.record({
      side: fc.constantFrom('buy', 'sell', 'hold'),
      type: fc.constantFrom('limit', 'market', 'stop_limit', 'stop_market', 'peg'),
      timeInForce: fc.constantFrom('gtc', 'ioc', 'fok', 'day'),
      stp: fc.constantFrom('cancel_newest', 'cancel_oldest', 'decrement_both', 'none'),
      priceTicks: fc.constantFrom(0, 1, 100, -1),
      stopPriceTicks: fc.constantFrom(0, 90, -5),
      qtyLots: fc.constantFrom(0, 1, 10, 2 ** 33),
      postOnly: fc.boolean(),
      displayQtyLots: fc.constantFrom(0, 3, 10),
    });
    fc.assert(
      fc.property(command, (fields) => {
        const cmd = placeCommand({ orderId: 7, accountId: 3, ...fields } as Parameters<typeof placeCommand>[0]);
        const attrs = placeCommandAttrs(cmd);
        const code = placeCommandCode(cmd);
        expect(attrs >= 0, `SEED=${seed}`).toBe(code === null);
        if (attrs < 0) return;
        expect(bits(attrs, Attr.SIDE, 1), `SEED=${seed}`).toBe(hashCodes[cmd.side] - 1);
        expect(bits(attrs, Attr.TYPE, 3), `SEED=${seed}`).toBe(hashCodes[cmd.type]);
        expect(bits(attrs, Attr.TIF, 2), `SEED=${seed}`).toBe(hashCodes[cmd.timeInForce]);
        expect(bits(attrs, Attr.STP, 2), `SEED=${seed}`).toBe(hashCodes[cmd.stp]);
        expect(bits(attrs, Attr.POST, 1), `SEED=${seed}`).toBe(cmd.postOnly ? 1 : 0);
        expect(bits(attrs, Attr.ICEBERG, 1), `SEED=${seed}`).toBe(cmd.displayQtyLots > 0 ? 1 : 0);
      }),
      { seed, numRuns: 2000 },
    );
  });

  it('uses the bit layout the fast book reads', () => {
    expect({ ...orderAttrBits }).toEqual({ ...Attr });
  });
});
