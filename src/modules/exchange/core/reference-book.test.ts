// Runs the order-book contract against the reference book.
import { describeOrderBookContract } from './book.contract.js';
import { ReferenceBook } from './reference-book.js';

describeOrderBookContract('ReferenceBook', (ordersMax) => new ReferenceBook(ordersMax));
