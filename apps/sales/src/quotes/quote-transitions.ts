import { QuoteStatus } from './quote.enums';

/** Every status change a quote may make; anything else is refused. A changed offer is a new version. */
export const QUOTE_TRANSITIONS: Readonly<Record<QuoteStatus, readonly QuoteStatus[]>> = {
  [QuoteStatus.DRAFT]: [QuoteStatus.SENT],
  [QuoteStatus.SENT]: [QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED],
  [QuoteStatus.ACCEPTED]: [],
  [QuoteStatus.REJECTED]: [],
  [QuoteStatus.EXPIRED]: [],
};

/** Why a transition is refused, in words a client can show; null when it is allowed. */
export function quoteTransitionRefusal(from: QuoteStatus, to: QuoteStatus): string | null {
  const allowed = QUOTE_TRANSITIONS[from];
  if (allowed.includes(to)) return null;
  if (allowed.length === 0) return `the quote is ${from}, which is final: create a new version instead`;
  return `a ${from} quote can move to ${allowed.join(', ')}, not ${to}`;
}
