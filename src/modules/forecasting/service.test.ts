// Runs the forecasting service contract on in-memory PGlite (the PostgreSQL run lives with the services suite).
import { memoryPglite } from '../../../test/helpers/databases.js';
import { forecastingServiceContract } from './service.contract.js';

forecastingServiceContract('PGlite', memoryPglite);
