// Backup round trip on the embedded engine.
import { backupContract } from './contracts/backup.contract.js';
import { memoryPglite } from './helpers/databases.js';

backupContract('PGlite', memoryPglite);
