// Public surface of the exchange journal: the journal, its options and recovery types, and the framing helpers.
export { crc32, encodeFrame, frameHeaderBytes } from './frame.js';
export { Journal, type JournalOptions, journalFileName, type RecoveryHandler, type RecoveryReport } from './journal.js';
export { journalLimits } from './limits.js';
export { listSnapshots } from './snapshot.js';
export { type ToyCommand, ToyOrders } from './toy-orders.js';
