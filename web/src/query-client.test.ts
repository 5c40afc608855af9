// Tests for the query retry policy: client errors are final, network and server errors get two more tries.
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { shouldRetry } from './query-client.js';

const error = (status: number) => new ApiError({ type: 'about:blank', title: 't', status, code: `http_${status}` });

describe('shouldRetry', () => {
  it('never retries 4xx answers', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429]) expect(shouldRetry(0, error(status))).toBe(false);
  });

  it('retries network failures and 5xx at most twice', () => {
    for (const failure of [error(0), error(500), error(503), new TypeError('boom')]) {
      expect([0, 1, 2, 3].map((count) => shouldRetry(count, failure))).toEqual([true, true, false, false]);
    }
  });
});
