// Public surface of the exchange module: the service, its routes, the projection, and the state machine for tests.
export { candleIntervals, candlesFromTrades } from './candles.js';
export { exchangeLimits } from './limits.js';
export { ExchangeProjection } from './projection.js';
export { exchangeRoutes } from './routes.js';
export { ExchangeService, type ExchangeServiceDeps, intervalScheduler, type Scheduler } from './service.js';
export { ExchangeState } from './state.js';
