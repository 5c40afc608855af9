// The PostgreSQL pool outlives the server ending its idle connections (a restart or failover does the same).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.js';
import { servicesDatabaseUrl } from '../helpers/databases.js';

describe('PostgreSQL pool', () => {
  it('survives the server terminating its idle connections, reports it, and answers on a new connection', async () => {
    const url = servicesDatabaseUrl();
    const reported: Error[] = [];
    const database = await openDatabase({ databaseUrl: url, poolMax: 2, onIdleClientError: (e) => reported.push(e) });
    try {
      const [{ pid }] = (await database.query('select pg_backend_pid() as pid')) as [{ pid: number }];
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query('select pg_terminate_backend($1)', [pid]);
      } finally {
        await admin.end();
      }
      // The idle client hears of it asynchronously; an unhandled 'error' event would end this test's process here.
      for (let i = 0; i < 50 && reported.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(reported.map((e) => e.message)).toEqual([expect.stringContaining('terminating connection')]);
      const [{ answer }] = (await database.query('select 41 + 1 as answer')) as [{ answer: number }];
      expect(answer).toBe(42);
    } finally {
      await database.close();
    }
  });
});
