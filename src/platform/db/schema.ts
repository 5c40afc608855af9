// Platform tables: users and their credentials, sessions, API keys, the audit log and system configuration.
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Seed 000's users table, extended with MFA, lockout and preferences. One role per user (seed 000 and 003). */
export const users = pgTable('users', {
  id: uuid('id').primaryKey(),
  username: varchar('username', { length: 100 }).notNull().unique(),
  passwordHash: varchar('password_hash', { length: 255 }).notNull(),
  role: varchar('role', { length: 50 }).notNull(),
  disabled: boolean('disabled').notNull().default(false),
  theme: varchar('theme', { length: 40 }).notNull().default('financial-professional'),
  /** TOTP secret, sealed with AES-256-GCM under the data-dir key; null until enrolment starts. */
  mfaSecretSealed: text('mfa_secret_sealed'),
  mfaEnabled: boolean('mfa_enabled').notNull().default(false),
  /** SHA-256 hashes of unused one-time recovery codes. */
  recoveryCodeHashes: jsonb('recovery_code_hashes').$type<string[]>().notNull().default([]),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: ts('locked_until'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Rotating refresh tokens. Each rotation links to the next; reuse of a rotated token revokes the family. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey(),
    familyId: uuid('family_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: varchar('token_hash', { length: 64 }).notNull().unique(),
    expiresAt: ts('expires_at').notNull(),
    rotatedAt: ts('rotated_at'),
    revokedAt: ts('revoked_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('idx_refresh_family').on(t.familyId)],
);

/** API keys: only a SHA-256 of the secret is stored; the key is shown once at creation. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: varchar('name', { length: 100 }).notNull(),
    prefix: varchar('prefix', { length: 16 }).notNull(),
    keyHash: varchar('key_hash', { length: 64 }).notNull().unique(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('idx_api_keys_user').on(t.userId)],
);

/**
 * Seed 003's audit_logs, hash-chained: each row's hash covers its content and the previous row's hash, so
 * altering or deleting a row breaks the chain at that row. The IP is kept as text (not INET) so the hashed
 * value is byte-for-byte what is read back.
 */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: varchar('user_id', { length: 100 }),
    action: varchar('action', { length: 100 }).notNull(),
    resourceType: varchar('resource_type', { length: 50 }),
    resourceId: varchar('resource_id', { length: 200 }),
    details: jsonb('details').$type<Record<string, unknown>>(),
    ipAddress: varchar('ip_address', { length: 64 }),
    requestId: varchar('request_id', { length: 64 }),
    outcome: varchar('outcome', { length: 20 }).notNull(),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('idx_audit_created').on(t.createdAt)],
);

/** Seed 003's system_config: named JSON settings with who changed them. */
export const systemConfig = pgTable('system_config', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  configKey: varchar('config_key', { length: 100 }).notNull().unique(),
  configValue: jsonb('config_value').notNull(),
  description: text('description'),
  updatedBy: varchar('updated_by', { length: 100 }),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
