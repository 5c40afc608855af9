// The platform contract on the embedded default: in-memory PGlite and in-process cache and bus.

import { platformContract } from './contracts/platform.contract.js';
import { memoryPglite } from './helpers/databases.js';

platformContract('PGlite + in-process', memoryPglite);
