import type { Identity } from '@crm/auth';

/** A customer's contact using the self-service portal (the customer role). */
export function isPortalContact(caller: Identity): caller is Identity & { customerId: string; contactId: string } {
  return caller.roles.includes('customer') && !!caller.customerId && !!caller.contactId;
}

/**
 * Who wrote or asked for something, as the caller may see it. Staff see the id. A customer sees its
 * own (the portal marks its own messages by it) and null for anyone else's: a support agent's user
 * id is not the customer's to know, and "null" already reads as "support or the system" there.
 */
export function actorSeenBy(caller: Identity, actorId: string | null): string | null {
  if (!caller.roles.includes('customer')) return actorId;
  return actorId !== null && (actorId === caller.userId || actorId === caller.contactId) ? actorId : null;
}
