/**
 * The form of a partner name that must be unique: Unicode-normalised (NFKC), whitespace runs
 * collapsed, lowercased. "ACME  Corp" and "acme corp" are the same partner.
 */
export function partnerNameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
