/**
 * Marks a type or field as part of the partner contract: the partner endpoint's schema holds only
 * what carries it (and the value types those reach). Put it on a resolver's query, a field, or a
 * type whose every field a partner may see.
 */
export const PARTNER_TAG = '@tag(name: "partner")';

/**
 * The same for the self-service portal's contract (/portal/graphql): what a customer's contact may
 * name. On a type with some fields tagged, only those fields are in the contract.
 */
export const PORTAL_TAG = '@tag(name: "portal")';
