import { useSyncExternalStore } from 'react';

export const ROLES = ['admin', 'sales', 'marketing', 'service', 'analyst', 'partner', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is signed in, read from the token's claims (for display and routing only: the gateway decides). */
export interface Session {
  token: string;
  /** The token's subject: the user a message or a change is recorded as written by. */
  userId: string | null;
  roles: Role[];
  partnerId: string | null;
  /** A customer's contact using the self-service portal: its customer and itself. */
  customerId: string | null;
  contactId: string | null;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * The session lives in this module's memory only, never in localStorage or a cookie: a script
 * injected into the page cannot find a token that outlived the tab, and a reload signs out.
 */
let current: Session | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(json) as Record<string, unknown>;
}

export function sessionFromToken(token: string): Session {
  const claims = claimsOf(token);
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  const text = (claim: unknown) => (typeof claim === 'string' ? claim : null);
  return {
    token,
    userId: text(claims.sub),
    roles,
    partnerId: text(claims.partner_id),
    customerId: text(claims.customer_id),
    contactId: text(claims.contact_id),
    expiresAt: typeof claims.exp === 'number' ? claims.exp : 0,
  };
}

export const session = {
  get: (): Session | null => current,
  signIn: (token: string): Session => {
    current = sessionFromToken(token);
    emit();
    return current;
  },
  signOut: (): void => {
    if (!current) return;
    current = null;
    emit();
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
