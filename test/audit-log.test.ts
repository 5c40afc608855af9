// The audit-log contract on the embedded default, in-memory PGlite.

import { auditLogContract } from './contracts/audit-log.contract.js';
import { memoryPglite } from './helpers/databases.js';

auditLogContract('PGlite', memoryPglite);
