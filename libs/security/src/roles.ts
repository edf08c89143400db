/**
 * Who may do what. A token has one role; a role grants permissions. Navigators are further limited
 * to their own cases (see case-access.ts); admin is the superuser, and its reads are audited too.
 */
export const ROLES = ['navigator', 'supervisor', 'analyst', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'cases:write', 'cases:read', 'employers:write', 'plans:write', 'imports:write',
  'personal-data:read', 'personal-data:erase', 'timelines:read', 'success-cases:read', 'progress:read',
  'caseloads:read', 'projections:manage', 'metrics:read', 'tokens:manage', 'audit:read', 'docs:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: readonly Permission[] = ['progress:read', 'metrics:read', 'docs:read'];
const NAVIGATOR: readonly Permission[] = [
  ...VIEWER, 'cases:write', 'cases:read', 'employers:write', 'personal-data:read', 'timelines:read', 'caseloads:read',
];

const GRANTS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  viewer: new Set(VIEWER),
  analyst: new Set([...VIEWER, 'timelines:read', 'success-cases:read']),
  navigator: new Set(NAVIGATOR),
  supervisor: new Set([...NAVIGATOR, 'imports:write', 'personal-data:erase', 'success-cases:read']),
  admin: new Set(PERMISSIONS),
};

/** The authenticated caller: the user id goes into every event's metadata and the audit trail. */
export type Principal = Readonly<{
  userId: string;
  role: Role;
  /** The token used, or `bootstrap` for AYUMI_ADMIN_TOKEN / the generated admin token. */
  tokenId: string;
}>;

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const can = (principal: Principal, permission: Permission): boolean => GRANTS[principal.role].has(permission);

/** Navigators see and change only the cases assigned to them (or not yet assigned); others see all. */
export const seesAllCases = (principal: Principal): boolean => principal.role !== 'navigator';
