// Every platform-wide limit, named once. Modules keep their own limits in their own limits.ts.

export const limits = {
  /** Largest JSON request body accepted by the HTTP server. */
  requestBodyBytesMax: 1_048_576,
  /** Largest upload (imports, evidence files). */
  uploadBytesMax: 256 * 1_048_576,
  /** Requests per window per IP before a 429. */
  rateLimitPerIpMax: 600,
  /** Requests per window per API key or user before a 429. */
  rateLimitPerKeyMax: 1_200,
  rateLimitWindowMs: 60_000,
  /** Failed logins before an account locks; the lock doubles with each further failure. */
  loginFailuresBeforeLockMax: 5,
  loginLockBaseMs: 30_000,
  loginLockMsMax: 3_600_000,
  /** Access tokens are short-lived; refresh tokens rotate on every use. */
  accessTokenTtlSeconds: 900,
  refreshTokenTtlSeconds: 30 * 86_400,
  passwordLengthMin: 12,
  passwordLengthMax: 256,
  usernameLengthMax: 100,
  recoveryCodesCount: 10,
  apiKeysPerUserMax: 50,
  pageSizeMax: 500,
  webSocketChannelsPerClientMax: 64,
  webSocketBufferedBytesMax: 4 * 1_048_576,
  /** How often the hub re-validates each socket's credential (token expiry, user disabled, key revoked). */
  webSocketRecheckMs: 30_000,
  /** How long a socket may stay open without authenticating. */
  webSocketAuthTimeoutMs: 10_000,
  /** Messages of one socket waiting behind a slower one (an auth check); a client further ahead is closed. */
  webSocketPendingMessagesMax: 256,
  busQueueDepthMax: 100_000,
  auditVerifyBatchRows: 1_000,
  /** Audit records group-committed in one transaction at most. */
  auditAppendBatchMax: 500,
  /** How long a verified caller (user enabled, API key valid) is trusted before the database is asked again. */
  principalCacheMs: 2_000,
} as const;
