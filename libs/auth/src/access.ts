import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

export const ROLES = ['admin', 'sales', 'marketing', 'service', 'analyst', 'partner', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export const DOMAINS = ['sales', 'marketing', 'service', 'partners', 'analytics'] as const;
export type Domain = (typeof DOMAINS)[number];

const INTERNAL_READERS: Role[] = ['admin', 'sales', 'marketing', 'service'];

/**
 * The staff roles, who may use the whole internal graph (/graphql). Every other role (partner, and
 * later a portal's customer) reaches the graph only through its contract endpoint and safelist. A
 * list of who is let in rather than who is kept out, so a role added later is refused there until
 * someone decides otherwise.
 */
export const INTERNAL_ROLES: readonly Role[] = ['admin', 'sales', 'marketing', 'service', 'analyst'];

/** Whether this caller may use the internal graph: every one of its roles is a staff role. */
export function isInternalCaller(identity: Identity): boolean {
  return identity.roles.length > 0 && identity.roles.every((r) => INTERNAL_ROLES.includes(r));
}

/**
 * Who reads and who writes each domain. The README's matrix is this table, and a test walks it.
 * A partner is never listed: it reaches only what a resolver opens to it with `{ partner: true }`,
 * and then only its own rows.
 */
export const ACCESS_MATRIX: Record<Domain, { read: Role[]; write: Role[] }> = {
  sales: { read: INTERNAL_READERS, write: ['admin', 'sales'] },
  marketing: { read: INTERNAL_READERS, write: ['admin', 'marketing'] },
  service: { read: INTERNAL_READERS, write: ['admin', 'service'] },
  // Channel managers sit in sales: they onboard partners and link them to customers.
  partners: { read: INTERNAL_READERS, write: ['admin', 'sales'] },
  analytics: { read: [...INTERNAL_READERS, 'analyst'], write: [] },
};

/**
 * Who may record that something happened in the past (a deal created in 2016, won in 2017) rather
 * than now: loading a company's history is a one-off migration an administrator runs, and a
 * backdated win moves figures already reported, so it is not an everyday sales permission. A list,
 * so a dedicated importer role can be added here later without touching the services.
 */
export const HISTORY_IMPORT_ROLES: readonly Role[] = ['admin'];

/** Whether this caller may set a time of occurrence other than now. */
export function mayImportHistory(identity: Identity): boolean {
  return identity.roles.some((r) => HISTORY_IMPORT_ROLES.includes(r));
}

export const ACCESS_KEY = 'crm:access';

/** A resolver's access decision: the roles it admits, or public. Every resolver must have one. */
export type AccessDecision = { public: true } | { public: false; roles: Role[] };

export interface AccessOptions {
  /** Opens the resolver to partners, whose data access is then scoped to their own rows. */
  partner?: boolean;
  /** Opens the resolver to a customer's contact (the self-service portal), scoped to its own customer's rows. */
  customer?: boolean;
}

function rolesFor(base: Role[], opts: AccessOptions): Role[] {
  return [...base, ...(opts.partner ? (['partner'] as const) : []), ...(opts.customer ? (['customer'] as const) : [])];
}

/** Reading the domain's data: its own team, the other internal teams and admin. */
export const CanRead = (domain: Domain, opts: AccessOptions = {}) =>
  SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: false, roles: rolesFor(ACCESS_MATRIX[domain].read, opts) });

/** Changing the domain's data: its own team and admin. */
export const CanWrite = (domain: Domain, opts: AccessOptions = {}) =>
  SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: false, roles: rolesFor(ACCESS_MATRIX[domain].write, opts) });

/** Administrators only: for what reorganises the directory or names every user's doings (the audit trail). */
export const AdminOnly = () => SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: false, roles: ['admin'] });

/** Needs no identity at all. Use sparingly and on purpose. */
export const Public = () => SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: true });

/** The verified caller. `partnerId` is set only for the partner role, from the token, never from a header. */
export interface Identity {
  userId: string | null;
  roles: Role[];
  partnerId: string | null;
  /** For the customer role only (a contact using the self-service portal): its customer, from the token. */
  customerId?: string | null;
  /** For the customer role only: the contact the token was issued to. */
  contactId?: string | null;
}

export const ANONYMOUS: Identity = Object.freeze({ userId: null, roles: [], partnerId: null });

/** Where the verified identity lives on the request, once the auth guard has set it. */
export interface RequestWithIdentity {
  identity?: Identity;
}

/** The caller the guard (or the identity middleware) left on a request: for loaders and resolveReference, which get no param decorator. */
export function identityOf(req: object | undefined): Identity {
  return (req as RequestWithIdentity | undefined)?.identity ?? ANONYMOUS;
}

/** The caller of this resolver. */
export const CurrentIdentity = createParamDecorator((_: unknown, context: ExecutionContext): Identity => {
  const ctx = GqlExecutionContext.create(context).getContext<{ req?: RequestWithIdentity }>();
  return identityOf(ctx.req);
});
