// Identity use cases: users, login with lockout and MFA, rotating refresh tokens, API keys. Every event is audited.
import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { type Clock, type Err, err, limits, ok, type Result, sha256Hex } from '../../kernel/index.js';
import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { apiKeys, refreshTokens, users } from '../db/schema.js';
import { hashPassword, passwordProblems, verifyPassword } from './passwords.js';
import { isPermission, isRole, matrix, type Permission, type Role } from './permissions.js';
import { type Secrets, seal, unseal } from './secrets.js';
import { randomSecret, signAccessToken, verifyAccessToken } from './tokens.js';

/** Who is making a request, and what they may do. */
export interface Principal {
  userId: string;
  username: string;
  role: Role;
  permissions: readonly Permission[];
  via: 'token' | 'api_key';
  apiKeyId?: string;
}

/** Where a request came from, for the audit log. */
export interface RequestContext {
  ip?: string | null;
  requestId?: string | null;
}

/** What clients see of a user. */
export interface UserView {
  id: string;
  username: string;
  role: Role;
  theme: Theme;
  mfaEnabled: boolean;
  disabled: boolean;
  createdAt: string;
  permissions: readonly Permission[];
}

/** The four UI themes of seed 003. */
export const themes = [
  'financial-professional',
  'modern-financial',
  'executive-dashboard',
  'compliance-audit',
] as const;
export type Theme = (typeof themes)[number];

/** A login or refresh result. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: UserView;
}

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
  recoveryCode?: string | undefined;
}

/** What an API key looks like in listings (never the key itself). */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type UserRow = typeof users.$inferSelect;

/** A UUID as PostgreSQL's uuid type reads it (any version), so a lookup never fails on a malformed id. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type ApiKeyRow = typeof apiKeys.$inferSelect;

// A real argon2id hash of a random password, verified against when the user does not exist so that
// "no such user" and "wrong password" take the same time.
let dummyHash: Promise<string> | undefined;

// Bound on the short-lived caches of verified callers; past it they are simply cleared.
const principalCacheEntriesMax = 10_000;

/** The identity service. Construct once in the composition root. */
export class AuthService {
  // Each request re-checks that its user is still enabled (and its API key still valid); these caches let a
  // verified answer stand for limits.principalCacheMs so that check is not a database round trip per request.
  // Changes made through this service clear them at once; another server process sees them within that time.
  private readonly enabledUntil = new Map<string, number>();
  private readonly apiKeyCache = new Map<string, { principal: Principal; untilMs: number }>();

  private readonly changeListeners: ((user: UserView) => Promise<void>)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secrets: Secrets,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Calls `listener` after a user is disabled, enabled or given another role, so a module can act on what the account
   * may do now (the exchange cancels the orders of an account that may no longer trade). A listener's failure fails
   * the request after the change is stored; repeating the request runs the listeners again.
   */
  onUserChanged(listener: (user: UserView) => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  private async changed(row: UserRow): Promise<UserView> {
    const view = toView(row);
    for (const listener of this.changeListeners) await listener(view);
    return view;
  }

  private now(): Date {
    return new Date(this.clock.nowMs());
  }

  /** Appends an audit record carrying the request's origin. */
  private record(ctx: RequestContext, entry: Omit<AuditEntry, 'ipAddress' | 'requestId'>): Promise<void> {
    return this.audit.append({ ...entry, ipAddress: ctx.ip ?? null, requestId: ctx.requestId ?? null });
  }

  /** Creates a user after checking the name, role and password policy. */
  async createUser(
    input: { username: string; password: string; role: string },
    actor: string | null,
    ctx: RequestContext = {},
  ): Promise<Result<UserView>> {
    const username = input.username.trim();
    if (!/^[A-Za-z0-9_.@-]{3,100}$/.test(username)) {
      return err('username_invalid', '3-100 characters: letters, digits, _ . @ -', 'username');
    }
    if (!isRole(input.role)) return err('role_unknown', `unknown role "${input.role}"`, 'role');
    const weak = this.weakPassword(input.password, username, 'password');
    if (weak) return weak;
    const existing = await this.db.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (existing.length > 0) return err('username_taken', `user "${username}" exists`, 'username');
    const [row] = await this.db
      .insert(users)
      .values({ id: randomUUID(), username, passwordHash: await hashPassword(input.password), role: input.role })
      .returning();
    await this.record(ctx, {
      userId: actor,
      action: 'user.create',
      resourceType: 'user',
      resourceId: row!.id,
      details: { username, role: input.role },
      outcome: 'success',
    });
    return ok(toView(row!));
  }

  /** Every user, oldest first. */
  async listUsers(): Promise<UserView[]> {
    const rows = await this.db.select().from(users).orderBy(users.createdAt);
    return rows.map(toView);
  }

  /** Finds a user by name. */
  async findByUsername(username: string): Promise<UserView | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.username, username));
    return row ? toView(row) : undefined;
  }

  /** The signed-in user's own view. */
  async me(userId: string): Promise<Result<UserView>> {
    const [row] = await this.db.select().from(users).where(eq(users.id, userId));
    return row ? ok(toView(row)) : err('user_not_found');
  }

  /** Whether a user with this id exists (any string: ids that are not UUIDs exist nowhere). */
  async userExists(userId: string): Promise<boolean> {
    if (!uuidPattern.test(userId)) return false;
    const [row] = await this.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
    return row !== undefined;
  }

  /** Disables (or re-enables) a user and revokes their sessions and keys. */
  async setDisabled(userId: string, disabled: boolean, actor: string | null, ctx: RequestContext = {}) {
    const [row] = await this.db
      .update(users)
      .set({ disabled, updatedAt: this.now() })
      .where(eq(users.id, userId))
      .returning();
    if (!row) return err('user_not_found', undefined, 'id');
    if (disabled) await this.revokeEverything(userId);
    await this.record(ctx, {
      userId: actor,
      action: disabled ? 'user.disable' : 'user.enable',
      resourceType: 'user',
      resourceId: userId,
      outcome: 'success',
    });
    return ok(await this.changed(row));
  }

  /** Changes a user's role; existing access tokens carry the old role until they expire (at most 15 minutes). */
  async setRole(userId: string, role: string, actor: string | null, ctx: RequestContext = {}) {
    if (!isRole(role)) return err('role_unknown', `unknown role "${role}"`, 'role');
    const [row] = await this.db
      .update(users)
      .set({ role, updatedAt: this.now() })
      .where(eq(users.id, userId))
      .returning();
    if (!row) return err('user_not_found', undefined, 'id');
    await this.revokeEverything(userId);
    await this.record(ctx, {
      userId: actor,
      action: 'user.role',
      resourceType: 'user',
      resourceId: userId,
      details: { role },
      outcome: 'success',
    });
    return ok(await this.changed(row));
  }

  /**
   * Changes the signed-in user's password after checking the current one; a wrong current password counts towards
   * lockout as a failed sign-in does, so a stolen access token cannot be used to guess it. Every refresh token of the
   * user is revoked (other sessions end when their access token expires, within 15 minutes); API keys stay. Returns a
   * new session for the caller.
   */
  async changePassword(
    userId: string,
    input: { currentPassword: string; newPassword: string },
    ctx: RequestContext = {},
  ): Promise<Result<Session>> {
    const [row] = await this.db.select().from(users).where(eq(users.id, userId));
    if (!row) return err('user_not_found');
    const locked = this.lockedFor(row);
    if (locked) return err('account_locked', locked);
    if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
      await this.recordFailure(row);
      await this.record(ctx, {
        userId,
        action: 'auth.password_change',
        resourceType: 'user',
        resourceId: userId,
        details: { code: 'password_incorrect' },
        outcome: 'failure',
      });
      return err('password_incorrect', 'the current password does not match', 'currentPassword');
    }
    if (input.newPassword === input.currentPassword) {
      return err('password_unchanged', 'the new password is the current one', 'newPassword');
    }
    const weak = this.weakPassword(input.newPassword, row.username, 'newPassword');
    if (weak) return weak;
    const updated = await this.replacePassword(userId, input.newPassword);
    await this.record(ctx, {
      userId,
      action: 'auth.password_change',
      resourceType: 'user',
      resourceId: userId,
      outcome: 'success',
    });
    return ok(await this.issueSession(updated, randomUUID()));
  }

  /**
   * Sets a user's password for an administrator (a forgotten password, or one that may be known to others): clears a
   * lockout and revokes the user's refresh tokens, so every session must sign in again; API keys stay.
   */
  async resetPassword(
    userId: string,
    password: string,
    actor: string | null,
    ctx: RequestContext = {},
  ): Promise<Result<UserView>> {
    const [row] = await this.db.select().from(users).where(eq(users.id, userId));
    if (!row) return err('user_not_found', undefined, 'id');
    const weak = this.weakPassword(password, row.username, 'password');
    if (weak) return weak;
    const updated = await this.replacePassword(userId, password);
    await this.record(ctx, {
      userId: actor,
      action: 'user.password_reset',
      resourceType: 'user',
      resourceId: userId,
      outcome: 'success',
    });
    return ok(toView(updated));
  }

  /** Stores a new password for `userId`, clears a lockout and revokes the user's refresh tokens; returns the row. */
  private async replacePassword(userId: string, password: string): Promise<UserRow> {
    const [row] = await this.db
      .update(users)
      .set({ passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null, updatedAt: this.now() })
      .where(eq(users.id, userId))
      .returning();
    await this.revokeSessions(userId);
    return row as UserRow;
  }

  /** "try again in N s" while `row` is locked out, else null. */
  private lockedFor(row: UserRow): string | null {
    const now = this.now();
    if (!row.lockedUntil || row.lockedUntil <= now) return null;
    return `try again in ${Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000)} s`;
  }

  /** The password_too_weak refusal for `password` of `username`, on `field`; null when the policy accepts it. */
  private weakPassword(password: string, username: string, field: string): Err<'password_too_weak'> | null {
    const problems = passwordProblems(password, username);
    if (problems.length === 0) return null;
    return err('password_too_weak', `password is too weak: it ${problems.join('; it ')}`, field);
  }

  /** Sets the user's UI theme. */
  async setTheme(userId: string, theme: string): Promise<Result<UserView>> {
    if (!(themes as readonly string[]).includes(theme))
      return err('theme_unknown', `unknown theme "${theme}"`, 'theme');
    const [row] = await this.db
      .update(users)
      .set({ theme, updatedAt: this.now() })
      .where(eq(users.id, userId))
      .returning();
    return row ? ok(toView(row)) : err('user_not_found');
  }

  /** Checks the password (and TOTP or a recovery code once MFA is on), with lockout and back-off. */
  async login(input: LoginInput, ctx: RequestContext = {}): Promise<Result<Session>> {
    const [row] = await this.db.select().from(users).where(eq(users.username, input.username));
    const fail = async (code: string, userId: string | null, detail?: string) => {
      await this.record(ctx, {
        userId,
        action: 'auth.login',
        resourceType: 'user',
        resourceId: userId,
        details: { username: input.username, code },
        outcome: 'failure',
      });
      return err(code, detail);
    };
    if (!row) {
      dummyHash ??= hashPassword(randomSecret());
      await verifyPassword(await dummyHash, input.password);
      return fail('invalid_credentials', null);
    }
    const locked = this.lockedFor(row);
    if (locked) return fail('account_locked', row.id, locked);
    if (row.disabled) return fail('account_disabled', row.id);
    if (!(await verifyPassword(row.passwordHash, input.password))) {
      await this.recordFailure(row);
      return fail('invalid_credentials', row.id);
    }
    if (row.mfaEnabled) {
      if (!input.totp && !input.recoveryCode) return err('mfa_required', 'enter the code from your authenticator');
      const passed = input.totp
        ? this.checkTotp(row, input.totp)
        : await this.consumeRecoveryCode(row, input.recoveryCode!);
      if (!passed) {
        await this.recordFailure(row);
        return fail('mfa_invalid', row.id);
      }
    }
    await this.db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, row.id));
    const session = await this.issueSession(row, randomUUID());
    await this.record(ctx, {
      userId: row.id,
      action: 'auth.login',
      resourceType: 'user',
      resourceId: row.id,
      outcome: 'success',
      details: { mfa: row.mfaEnabled },
    });
    return ok(session);
  }

  private async recordFailure(row: UserRow): Promise<void> {
    const failures = row.failedLogins + 1;
    let lockedUntil: Date | null = null;
    if (failures >= limits.loginFailuresBeforeLockMax) {
      // Exponential back-off: 30 s, 60 s, 120 s ... capped at an hour.
      const exponent = failures - limits.loginFailuresBeforeLockMax;
      const ms = Math.min(limits.loginLockMsMax, limits.loginLockBaseMs * 2 ** Math.min(exponent, 20));
      lockedUntil = new Date(this.clock.nowMs() + ms);
    }
    await this.db.update(users).set({ failedLogins: failures, lockedUntil }).where(eq(users.id, row.id));
  }

  private checkTotp(row: UserRow, code: string): boolean {
    if (!row.mfaSecretSealed || !/^\d{6}$/.test(code)) return false;
    const secret = unseal(this.secrets.sealKey, row.mfaSecretSealed);
    // One 30-second step either side tolerates clock drift between phone and server (RFC 6238 §5.2).
    return verifySync({ secret, token: code, epoch: Math.floor(this.clock.nowMs() / 1000), epochTolerance: 30 }).valid;
  }

  private async consumeRecoveryCode(row: UserRow, code: string): Promise<boolean> {
    const hash = sha256Hex(code.trim().toLowerCase());
    if (!row.recoveryCodeHashes.includes(hash)) return false;
    // Remove atomically so a code works exactly once even under concurrent logins.
    const updated = await this.db
      .update(users)
      .set({ recoveryCodeHashes: row.recoveryCodeHashes.filter((h) => h !== hash) })
      .where(and(eq(users.id, row.id), sql`${users.recoveryCodeHashes} @> ${JSON.stringify([hash])}::jsonb`))
      .returning({ id: users.id });
    return updated.length === 1;
  }

  private async issueSession(row: UserRow, familyId: string): Promise<Session> {
    const nowMs = this.clock.nowMs();
    const refreshToken = randomSecret();
    await this.db.insert(refreshTokens).values({
      id: randomUUID(),
      familyId,
      userId: row.id,
      tokenHash: sha256Hex(refreshToken),
      expiresAt: new Date(nowMs + limits.refreshTokenTtlSeconds * 1000),
    });
    const accessToken = await signAccessToken(
      this.secrets.jwtKey,
      { userId: row.id, username: row.username, role: row.role as Role },
      nowMs,
      limits.accessTokenTtlSeconds,
    );
    return { accessToken, refreshToken, expiresIn: limits.accessTokenTtlSeconds, user: toView(row) };
  }

  /** Rotates a refresh token. Presenting an already-rotated token revokes its whole family (theft signal). */
  async refresh(refreshToken: string, ctx: RequestContext = {}): Promise<Result<Session>> {
    const hash = sha256Hex(refreshToken);
    const [token] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
    const now = this.now();
    if (!token || token.revokedAt || token.expiresAt <= now) return err('refresh_token_invalid');
    // Claim the token atomically: of two concurrent refreshes only one sees rotated_at still null.
    const claimed = await this.db
      .update(refreshTokens)
      .set({ rotatedAt: now })
      .where(and(eq(refreshTokens.id, token.id), isNull(refreshTokens.rotatedAt)))
      .returning({ id: refreshTokens.id });
    if (claimed.length === 0) {
      await this.db
        .update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.familyId, token.familyId), isNull(refreshTokens.revokedAt)));
      await this.record(ctx, {
        userId: token.userId,
        action: 'auth.refresh_reuse',
        resourceType: 'session',
        resourceId: token.familyId,
        outcome: 'denied',
        details: { revokedFamily: token.familyId },
      });
      return err('refresh_token_reused', 'this session was revoked because a used refresh token was presented again');
    }
    const [user] = await this.db.select().from(users).where(eq(users.id, token.userId));
    if (!user || user.disabled) return err('refresh_token_invalid');
    const session = await this.issueSession(user, token.familyId);
    await this.record(ctx, {
      userId: user.id,
      action: 'auth.refresh',
      resourceType: 'session',
      resourceId: token.familyId,
      outcome: 'success',
    });
    return ok(session);
  }

  /** Revokes the refresh token's family. Unknown tokens are ignored so logout never leaks validity. */
  async logout(refreshToken: string, ctx: RequestContext = {}): Promise<void> {
    const [token] = await this.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256Hex(refreshToken)));
    if (!token) return;
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: this.now() })
      .where(and(eq(refreshTokens.familyId, token.familyId), isNull(refreshTokens.revokedAt)));
    await this.record(ctx, {
      userId: token.userId,
      action: 'auth.logout',
      resourceType: 'session',
      resourceId: token.familyId,
      outcome: 'success',
    });
  }

  private forgetCachedPrincipals(userId?: string): void {
    if (userId) this.enabledUntil.delete(userId);
    this.apiKeyCache.clear();
  }

  private async revokeEverything(userId: string): Promise<void> {
    this.forgetCachedPrincipals(userId);
    const now = this.now();
    await this.revokeSessions(userId);
    await this.db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  }

  /** Revokes every refresh token of `userId`: each session ends when its access token expires. */
  private async revokeSessions(userId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: this.now() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }

  /** Resolves a bearer access token to a principal; the user must still exist and be enabled. */
  async authenticateToken(token: string): Promise<Result<Principal>> {
    const claims = await verifyAccessToken(this.secrets.jwtKey, token, this.clock.nowMs());
    if (!claims.ok) return claims;
    const { userId, username, role } = claims.value;
    const nowMs = this.clock.nowMs();
    if ((this.enabledUntil.get(userId) ?? 0) <= nowMs) {
      const [row] = await this.db.select({ disabled: users.disabled }).from(users).where(eq(users.id, userId));
      if (!row || row.disabled) return err('token_invalid');
      if (this.enabledUntil.size >= principalCacheEntriesMax) this.enabledUntil.clear();
      this.enabledUntil.set(userId, nowMs + limits.principalCacheMs);
    }
    return ok({ userId, username, role, permissions: matrix[role], via: 'token' });
  }

  /** Resolves an API key; its permissions are its scopes intersected with its owner's current role. */
  async authenticateApiKey(key: string): Promise<Result<Principal>> {
    if (!key.startsWith('nxk_')) return err('api_key_invalid');
    const keyHash = sha256Hex(key);
    const cached = this.apiKeyCache.get(keyHash);
    if (cached && cached.untilMs > this.clock.nowMs()) return ok(cached.principal);
    const [row] = await this.db
      .select({ key: apiKeys, user: users })
      .from(apiKeys)
      .innerJoin(users, eq(apiKeys.userId, users.id))
      .where(eq(apiKeys.keyHash, keyHash));
    const now = this.now();
    if (!row || row.key.revokedAt || row.user.disabled) return err('api_key_invalid');
    if (row.key.expiresAt && row.key.expiresAt <= now) return err('api_key_expired');
    await this.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id));
    const role = row.user.role as Role;
    const permissions = matrix[role].filter((p) => row.key.scopes.includes(p));
    return ok({
      userId: row.user.id,
      username: row.user.username,
      role,
      permissions,
      via: 'api_key',
      apiKeyId: row.key.id,
    });
  }

  /** Starts MFA enrolment: a new secret sealed at rest, returned once with its otpauth URI. */
  async mfaEnroll(userId: string): Promise<Result<{ secret: string; otpauthUri: string }>> {
    const [row] = await this.db.select().from(users).where(eq(users.id, userId));
    if (!row) return err('user_not_found');
    if (row.mfaEnabled) return err('mfa_already_enabled', 'disable MFA before enrolling again');
    const secret = generateSecret();
    await this.db
      .update(users)
      .set({ mfaSecretSealed: seal(this.secrets.sealKey, secret) })
      .where(eq(users.id, userId));
    return ok({ secret, otpauthUri: generateURI({ issuer: 'Nexus', label: row.username, secret }) });
  }

  /** Confirms enrolment with a first code; turns MFA on and returns one-time recovery codes (shown once). */
  async mfaVerify(
    userId: string,
    code: string,
    ctx: RequestContext = {},
  ): Promise<Result<{ recoveryCodes: string[] }>> {
    const [row] = await this.db.select().from(users).where(eq(users.id, userId));
    if (!row) return err('user_not_found');
    if (!row.mfaSecretSealed) return err('mfa_not_enrolled', 'call /auth/mfa/enroll first');
    if (!this.checkTotp(row, code)) return err('mfa_invalid', 'the code does not match', 'code');
    const recoveryCodes = Array.from({ length: limits.recoveryCodesCount }, () =>
      randomSecret(8)
        .toLowerCase()
        .replace(/[^a-z0-9]/g, 'x'),
    );
    await this.db
      .update(users)
      .set({ mfaEnabled: true, recoveryCodeHashes: recoveryCodes.map((c) => sha256Hex(c)) })
      .where(eq(users.id, userId));
    await this.record(ctx, {
      userId,
      action: 'auth.mfa_enable',
      resourceType: 'user',
      resourceId: userId,
      outcome: 'success',
    });
    return ok({ recoveryCodes });
  }

  /** Turns MFA off after checking a current code. */
  async mfaDisable(userId: string, code: string, ctx: RequestContext = {}): Promise<Result<true>> {
    const [row] = await this.db.select().from(users).where(eq(users.id, userId));
    if (!row) return err('user_not_found');
    if (!row.mfaEnabled || !this.checkTotp(row, code)) return err('mfa_invalid', 'the code does not match', 'code');
    await this.db
      .update(users)
      .set({ mfaEnabled: false, mfaSecretSealed: null, recoveryCodeHashes: [] })
      .where(eq(users.id, userId));
    await this.record(ctx, {
      userId,
      action: 'auth.mfa_disable',
      resourceType: 'user',
      resourceId: userId,
      outcome: 'success',
    });
    return ok(true);
  }

  /** Creates an API key; the key is returned once and only its hash is kept. */
  async createApiKey(
    principal: Principal,
    input: { name: string; scopes: string[]; expiresInDays?: number | undefined },
    ctx: RequestContext = {},
  ): Promise<Result<{ key: string; item: ApiKeyView }>> {
    const unknown = input.scopes.filter((s) => !isPermission(s));
    if (unknown.length > 0) return err('scope_unknown', `unknown scopes: ${unknown.join(', ')}`, 'scopes');
    const notHeld = input.scopes.filter((s) => !principal.permissions.includes(s as Permission));
    if (notHeld.length > 0) return err('scope_not_held', `you do not hold: ${notHeld.join(', ')}`, 'scopes');
    const count = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(apiKeys)
      .where(and(eq(apiKeys.userId, principal.userId), isNull(apiKeys.revokedAt)));
    if ((count[0]?.n ?? 0) >= limits.apiKeysPerUserMax) return err('api_keys_above_max');
    const prefix = randomSecret(6)
      .replace(/[^A-Za-z0-9]/g, 'x')
      .slice(0, 8);
    const key = `nxk_${prefix}_${randomSecret(32)}`;
    const expiresAt = input.expiresInDays ? new Date(this.clock.nowMs() + input.expiresInDays * 86_400_000) : null;
    const [row] = await this.db
      .insert(apiKeys)
      .values({
        id: randomUUID(),
        userId: principal.userId,
        name: input.name,
        prefix,
        keyHash: sha256Hex(key),
        scopes: input.scopes,
        expiresAt,
      })
      .returning();
    await this.record(ctx, {
      userId: principal.userId,
      action: 'api_key.create',
      resourceType: 'api_key',
      resourceId: row!.id,
      details: { name: input.name, scopes: input.scopes },
      outcome: 'success',
    });
    return ok({ key, item: apiKeyView(row!) });
  }

  /** The user's keys, newest first. */
  async listApiKeys(userId: string): Promise<ApiKeyView[]> {
    const rows = await this.db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(sql`created_at desc`);
    return rows.map(apiKeyView);
  }

  /** Revokes one of the user's keys. */
  async revokeApiKey(userId: string, id: string, ctx: RequestContext = {}): Promise<Result<true>> {
    const updated = await this.db
      .update(apiKeys)
      .set({ revokedAt: this.now() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    if (updated.length === 0) return err('api_key_not_found', undefined, 'id');
    this.forgetCachedPrincipals();
    await this.record(ctx, {
      userId,
      action: 'api_key.revoke',
      resourceType: 'api_key',
      resourceId: id,
      outcome: 'success',
    });
    return ok(true);
  }
}

function toView(row: UserRow): UserView {
  const role = row.role as Role;
  return {
    id: row.id,
    username: row.username,
    role,
    theme: row.theme as Theme,
    mfaEnabled: row.mfaEnabled,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
    permissions: matrix[role] ?? [],
  };
}

function apiKeyView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
