// Structured JSON logs (pino) with secrets redacted at the source.
import type { LoggerOptions } from 'pino';

/** Pino options shared by the server and the CLI: JSON lines, request ids, secrets never printed. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers.cookie',
        '*.password',
        '*.refreshToken',
        '*.accessToken',
        '*.token',
        '*.totp',
        '*.recoveryCode',
        '*.key',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Request lines carry no headers, and query parameters that hold credentials (the WebSocket ?token=) are masked.
      req: (req: { method?: string; url?: string; ip?: string; id?: string }) => ({
        method: req.method,
        url: maskQuerySecrets(req.url ?? ''),
        remoteAddress: req.ip,
        requestId: req.id,
      }),
    },
  };
}

/** Replaces the values of credential-looking query parameters with "[redacted]". */
export function maskQuerySecrets(url: string): string {
  return url.replace(/([?&](?:token|access_token|api_key|key|code)=)[^&#]*/gi, '$1[redacted]');
}
