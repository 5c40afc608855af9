// HTTP routes for funding and balances. The ledger lives inside the exchange state machine (one journal, one order of
// events), so these routes call a `LedgerFunding` port that the exchange service implements.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { err, type Result } from '../../kernel/index.js';
import { Problem, unwrap } from '../../platform/http/errors.js';
import { pageBefore } from '../../platform/http/paging.js';
import { AssetCode, DecimalText } from '../../platform/http/patterns.js';

/** A balance line as the API shows it (decimal strings in asset units). */
export interface BalanceView {
  asset: string;
  available: string;
  held: string;
  total: string;
}

/** A deposit or withdrawal in its owner's transfer history. */
export interface TransferView {
  /** The ledger transfer id (also the answer of the deposit or withdrawal that booked it). */
  id: string;
  kind: 'deposit' | 'withdrawal';
  asset: string;
  amount: string;
  idempotencyKey: string;
  /** When it was booked; null for transfers booked before the history kept times (2026-11-22). */
  at: string | null;
}

/** Transfers a history page answers when the client names no limit, and the most it may ask for. */
const transfersPage = { default: 100, max: 1_000 } as const;

/** What the ledger routes need; amounts are decimal strings in asset units. */
export interface LedgerFunding {
  deposit(input: {
    userId: string;
    asset: string;
    amount: string;
    idempotencyKey: string;
  }): Promise<Result<{ transferId: string; balance: BalanceView }>>;
  withdraw(input: {
    userId: string;
    asset: string;
    amount: string;
    idempotencyKey: string;
  }): Promise<Result<{ transferId: string; balance: BalanceView }>>;
  balances(userId: string): BalanceView[];
  /** The user's deposits and withdrawals, newest first, `limit` at a time, below the transfer id `before`. */
  transfers(userId: string, query: { asset?: string; limit: number; before?: string }): TransferView[];
}

const strict = { additionalProperties: false } as const;
const Amount = DecimalText;
const Asset = AssetCode;
const Key = Type.String({ minLength: 1, maxLength: 100 });
const Balance = Type.Object({
  asset: Type.String(),
  available: Type.String(),
  held: Type.String(),
  total: Type.String(),
});
const TransferOut = Type.Object({ transferId: Type.String(), balance: Balance });
const TransferItem = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('deposit'), Type.Literal('withdrawal')]),
  asset: Type.String(),
  amount: Type.String(),
  idempotencyKey: Type.String(),
  at: Type.Union([Type.String(), Type.Null()]),
});

function principal(request: FastifyRequest) {
  if (!request.principal) throw new Problem('unauthenticated');
  return request.principal;
}

/** The user a read is about: the caller, or with `?userId=` another user when the caller is an administrator. */
function readableUser(request: FastifyRequest): string {
  const p = principal(request);
  const { userId } = request.query as { userId?: string };
  if (userId !== undefined && userId !== p.userId && p.role !== 'admin') {
    throw new Problem('forbidden', 'only an admin may read another user');
  }
  return userId ?? p.userId;
}

/** Who may credit whom, and how to tell that a user exists. */
export interface DepositPolicy {
  /** Traders may credit their own accounts (a sandbox); otherwise only an administrator credits accounts. */
  selfDeposits: boolean;
  /** Whether a platform user has this id; an administrator's deposit for an unknown id is refused. */
  userExists?(userId: string): Promise<boolean>;
}

/**
 * POST /ledger/deposits, GET /ledger/deposit-policy, POST /ledger/withdrawals, GET /ledger/balances, GET /ledger/transfers.
 * A deposit has no payment rail behind it, so
 * by default only an administrator credits an account (any user's); with `selfDeposits` a trader may credit their own.
 */
export function ledgerRoutes(
  funding: LedgerFunding,
  policy: DepositPolicy = { selfDeposits: false },
): FastifyPluginAsync {
  return async (app) => {
    app.post(
      '/ledger/deposits',
      {
        config: { permission: 'ledger:transfer' },
        schema: {
          tags: ['ledger'],
          body: Type.Object(
            {
              asset: Asset,
              amount: Amount,
              idempotencyKey: Key,
              userId: Type.Optional(Type.String({ maxLength: 64 })),
            },
            strict,
          ),
          response: { 201: TransferOut },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const body = request.body as { asset: string; amount: string; idempotencyKey: string; userId?: string };
        const userId = body.userId ?? p.userId;
        if (p.role !== 'admin') {
          if (userId !== p.userId) throw new Problem('forbidden', 'only an administrator may fund another user');
          if (!policy.selfDeposits) {
            const detail =
              'deposits are credited by an administrator (NEXUS_SELF_DEPOSITS=true lets traders fund themselves)';
            throw new Problem('self_deposit_disabled', detail, 403);
          }
        } else if (userId !== p.userId && policy.userExists && !(await policy.userExists(userId))) {
          throw Problem.from(err('user_not_found', `no user ${userId}`, 'userId'));
        }
        const out = unwrap(await funding.deposit({ ...body, userId }));
        return reply.code(201).send(out);
      },
    );
    app.get(
      '/ledger/deposit-policy',
      {
        config: { permission: 'ledger:read' },
        schema: {
          tags: ['ledger'],
          response: { 200: Type.Object({ selfDeposits: Type.Boolean(), mayDepositOwn: Type.Boolean() }) },
        },
      },
      // Lets a client offer a deposit only to someone who may book one (an administrator, or anyone in a sandbox).
      async (request) => ({
        selfDeposits: policy.selfDeposits,
        mayDepositOwn: policy.selfDeposits || principal(request).role === 'admin',
      }),
    );
    app.post(
      '/ledger/withdrawals',
      {
        config: { permission: 'ledger:transfer' },
        schema: {
          tags: ['ledger'],
          body: Type.Object({ asset: Asset, amount: Amount, idempotencyKey: Key }, strict),
          response: { 201: TransferOut },
        },
      },
      async (request, reply) => {
        const p = principal(request);
        const body = request.body as { asset: string; amount: string; idempotencyKey: string };
        return reply.code(201).send(unwrap(await funding.withdraw({ ...body, userId: p.userId })));
      },
    );
    app.get(
      '/ledger/balances',
      {
        config: { permission: 'ledger:read' },
        schema: {
          tags: ['ledger'],
          querystring: Type.Object({ userId: Type.Optional(Type.String({ maxLength: 64 })) }, strict),
          response: { 200: Type.Object({ items: Type.Array(Balance) }) },
        },
      },
      async (request) => ({ items: funding.balances(readableUser(request)) }),
    );
    app.get(
      '/ledger/transfers',
      {
        config: { permission: 'ledger:read' },
        schema: {
          tags: ['ledger'],
          querystring: Type.Object(
            {
              userId: Type.Optional(Type.String({ maxLength: 64 })),
              asset: Type.Optional(Asset),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: transfersPage.max })),
              before: Type.Optional(
                Type.String({
                  pattern: '^[1-9][0-9]{0,15}$',
                  description: "a transfer id, from the last page's nextBefore",
                }),
              ),
            },
            strict,
          ),
          response: {
            200: Type.Object({ items: Type.Array(TransferItem), nextBefore: Type.Union([Type.String(), Type.Null()]) }),
          },
        },
      },
      async (request) => {
        const {
          asset,
          before,
          limit = transfersPage.default,
        } = request.query as {
          asset?: string;
          before?: string;
          limit?: number;
        };
        const items = funding.transfers(readableUser(request), {
          limit,
          ...(asset === undefined ? {} : { asset }),
          ...(before === undefined ? {} : { before }),
        });
        return pageBefore(items, limit);
      },
    );
  };
}
