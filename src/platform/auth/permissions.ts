// The one permission matrix: which role may do what. Every route and WebSocket channel names a permission from here.

/** Every role. admin/researcher/viewer come from seed 000; the six point-of-view roles from seed 003; trader is ours. */
export const roles = [
  'admin',
  'researcher',
  'viewer',
  'trader',
  'financial_examiner',
  'prosecutor',
  'judge',
  'executive',
  'compliance_officer',
  'auditor',
] as const;
export type Role = (typeof roles)[number];

/** Every permission a route or channel may require. `account:self` is what any signed-in user may do to itself. */
export const permissions = [
  'account:self',
  'users:manage',
  'audit:read',
  'system:read',
  'exchange:read',
  'exchange:trade',
  'exchange:admin',
  'ledger:read',
  'ledger:transfer',
  'simulation:read',
  'simulation:run',
  'forecast:read',
  'forecast:run',
  'alerts:read',
  'alerts:manage',
  'examiner:read',
  'examiner:write',
  'cases:read',
  'cases:write',
  'reports:read',
  'reports:write',
] as const;
export type Permission = (typeof permissions)[number];

/** Routes that need no identity at all (login, health). Declared explicitly, never by omission. */
export const PUBLIC = 'public' as const;
export type RoutePermission = Permission | typeof PUBLIC;

const read = ['exchange:read', 'simulation:read', 'forecast:read', 'alerts:read'] as const;

/** The matrix. Admin holds every permission; the rest hold what their seed describes. */
export const matrix: Record<Role, readonly Permission[]> = {
  admin: permissions,
  researcher: ['account:self', ...read, 'simulation:run', 'forecast:run', 'alerts:manage', 'ledger:read'],
  viewer: ['account:self', ...read],
  trader: ['account:self', 'exchange:read', 'exchange:trade', 'ledger:read', 'ledger:transfer', 'alerts:read'],
  financial_examiner: [
    'account:self',
    'examiner:read',
    'examiner:write',
    'cases:read',
    'reports:read',
    'reports:write',
    'ledger:read',
  ],
  prosecutor: ['account:self', 'examiner:read', 'cases:read', 'cases:write', 'reports:read', 'reports:write'],
  judge: ['account:self', 'examiner:read', 'cases:read', 'reports:read'],
  executive: ['account:self', ...read, 'examiner:read', 'reports:read', 'reports:write', 'ledger:read'],
  compliance_officer: [
    'account:self',
    'audit:read',
    'examiner:read',
    'cases:read',
    'reports:read',
    'reports:write',
    'alerts:read',
    'ledger:read',
  ],
  auditor: ['account:self', 'audit:read', 'examiner:read', 'cases:read', 'reports:read', 'ledger:read', 'system:read'],
};

/** True when the role holds the permission. */
export function roleHas(role: Role, permission: Permission): boolean {
  return matrix[role].includes(permission);
}

/** Type guard for role names arriving from input. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Type guard for permission names arriving from input (API key scopes). */
export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (permissions as readonly string[]).includes(value);
}
