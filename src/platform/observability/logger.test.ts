import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskQuerySecrets } from './logger.js';

describe('logger', () => {
  it('masks credentials in query strings', () => {
    expect(maskQuerySecrets('/ws?token=abc.def&x=1')).toBe('/ws?token=[redacted]&x=1');
    expect(maskQuerySecrets('/a?b=1&api_key=nxk_1')).toBe('/a?b=1&api_key=[redacted]');
  });

  it('never prints passwords, tokens or authorization headers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino(loggerOptions('info'), sink);
    log.info(
      {
        body: { password: 'hunter2-Secret!', refreshToken: 'rt-123' },
        req: { headers: { authorization: 'Bearer xyz' } },
      },
      'x',
    );
    const text = lines.join('');
    expect(text).not.toContain('hunter2-Secret!');
    expect(text).not.toContain('rt-123');
    expect(text).not.toContain('Bearer xyz');
  });
});
