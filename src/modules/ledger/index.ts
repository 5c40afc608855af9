// Public surface of the ledger module: the pure core (used by the exchange state machine) and the HTTP routes.
export * from './core/index.js';
export { type BalanceView, type LedgerFunding, ledgerRoutes, type TransferView } from './routes.js';
