// Public surface of the ledger core: the state machine, settlement of trades and their types.
export {
  externalAccountId,
  Ledger,
  type LedgerErr,
  type LedgerResult,
  type LedgerSnapshot,
  type TransferRequest,
} from './ledger.js';
export { ledgerLimits } from './limits.js';
export {
  type FeeSchedule,
  feeMinor,
  type SettlementAccounts,
  type SettlementAmounts,
  type SymbolSpec,
  settlementAmounts,
  settlementTransfers,
  settleTrade,
  type TradeFill,
} from './settlement.js';
export { fnv1a64 } from './state-hash.js';
export type * from './types.js';
