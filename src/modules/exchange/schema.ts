// Seed 004's exchange tables (orders, price_history) plus trades: a projection of the journal, never the source of truth.
import { bigint, index, numeric, pgTable, primaryKey, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** Orders as last seen by the projection (upserted by id). Amounts are exact NUMERIC, written from bigint strings. */
export const orders = pgTable(
  'orders',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    // No foreign key: the projection must never block on, or be refused by, the users table.
    userId: uuid('user_id').notNull(),
    clientOrderId: varchar('client_order_id', { length: 64 }).notNull(),
    assetId: varchar('asset_id', { length: 32 }).notNull(),
    side: varchar('side', { length: 4 }).notNull(),
    amount: numeric('amount').notNull(),
    price: numeric('price'),
    orderType: varchar('order_type', { length: 16 }).notNull(),
    status: varchar('status', { length: 24 }).notNull(),
    filledAmount: numeric('filled_amount').notNull(),
    averagePrice: numeric('average_price'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    filledAt: timestamp('filled_at', { withTimezone: true }),
  },
  (t) => [index('idx_orders_user_created').on(t.userId, t.createdAt), index('idx_orders_asset').on(t.assetId)],
);

/** Every trade (inserted once by id). */
export const trades = pgTable(
  'trades',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    assetId: varchar('asset_id', { length: 32 }).notNull(),
    price: numeric('price').notNull(),
    quantity: numeric('quantity').notNull(),
    takerSide: varchar('taker_side', { length: 4 }).notNull(),
    makerOrderId: bigint('maker_order_id', { mode: 'number' }).notNull(),
    takerOrderId: bigint('taker_order_id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('idx_trades_asset_at').on(t.assetId, t.at)],
);

/** Last price and traded volume per symbol and millisecond (seed 004's time series). */
export const priceHistory = pgTable(
  'price_history',
  {
    time: timestamp('time', { withTimezone: true }).notNull(),
    assetId: varchar('asset_id', { length: 32 }).notNull(),
    price: numeric('price').notNull(),
    volume: numeric('volume').notNull(),
  },
  (t) => [primaryKey({ columns: [t.time, t.assetId] })],
);
