// Shapes of the /api/v1 resources the web app reads and writes (mirrors the server's contract).

/** Identifiers of the four UI themes (seed 003, "Theme System"). */
export type ThemeId = 'financial-professional' | 'modern-financial' | 'executive-dashboard' | 'compliance-audit';

/** Every role the platform knows: the six POV roles of seed 003 plus admin, researcher and viewer. */
export const roles = [
  'admin',
  'researcher',
  'viewer',
  'financial_examiner',
  'prosecutor',
  'judge',
  'executive',
  'compliance_officer',
  'auditor',
] as const;

/** One of the platform's roles. */
export type Role = (typeof roles)[number];

/** True when the server sent a role this build knows about. */
export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** The signed-in user as returned by GET /api/v1/me. */
export interface User {
  id: string;
  username: string;
  role: string;
  theme: ThemeId;
  mfaEnabled: boolean;
  permissions: string[];
}

/** Body of a successful login or refresh. */
export interface AuthResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

/** Credentials for POST /api/v1/auth/login; at most one of totp and recoveryCode is sent. */
export interface LoginRequest {
  username: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

/** Answer of POST /api/v1/auth/mfa/enroll. */
export interface MfaEnrollment {
  secret: string;
  otpauthUri: string;
}

/** One API key as listed by GET /api/v1/api-keys (the secret itself is never listed). */
export interface ApiKeyItem {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Answer of POST /api/v1/api-keys: the full key, shown to the user exactly once. */
export interface CreatedApiKey {
  key: string;
  item: ApiKeyItem;
}

/** One account as listed by GET /api/v1/admin/users. */
export interface AdminUser {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  mfaEnabled: boolean;
  createdAt: string;
}

/** One entry of the hash-chained audit log. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  ip: string | null;
  requestId: string | null;
}

/** Answer of GET /api/v1/audit/verify. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { id: string; reason: string };
}

/** Answer of GET /api/v1/permissions: roles, permission names and which role holds which. */
export interface PermissionsInfo {
  roles: string[];
  permissions: string[];
  matrix: Record<string, string[]>;
}

/** A list envelope used by every collection endpoint. */
export interface ItemList<T> {
  items: T[];
}

/** A page of a newest-first list; `nextBefore` is the `before` of the next (older) page, null on the last. */
export interface Page<T> extends ItemList<T> {
  nextBefore: string | null;
}
