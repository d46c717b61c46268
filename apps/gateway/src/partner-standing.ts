import { sendGraphQLError } from '@crm/observability';
import type { NextFunction, Response } from 'express';
import type { AuthenticatedRequest } from './gateway-auth';

const STANDING = 'query PartnerStanding($id: ID!) { partner(id: $id) { status } }';

interface StandingAnswer {
  data?: { partner: { status: string } | null } | null;
}

/**
 * A suspended partner's tokens are refused (403 FORBIDDEN) from the first request after the
 * suspension commits. Tokens outlive a suspension, so the gateway asks the partners subgraph, the
 * owner of the status, on every partner request (one primary-key read, with the caller's own token,
 * so row-level security lets it see only its own partner). The gateway is the only way in to the
 * subgraphs (their NetworkPolicies admit only it), so refusing here refuses everywhere. A cache fed
 * by the status events would save the call but answer from before the suspension until the event
 * arrives; "at once" is why there is none. A partner the subgraph does not know is refused too, and
 * when the partners subgraph cannot answer, the request fails closed with 503.
 */
export function partnerInGoodStanding(partnersUrl: string, timeoutMs: number) {
  return (req: AuthenticatedRequest, res: Response, next: NextFunction): void => {
    const partnerId = req.identity?.partnerId;
    if (!partnerId) return next();
    fetch(partnersUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${req.token ?? ''}` },
      body: JSON.stringify({ query: STANDING, variables: { id: partnerId } }),
      signal: AbortSignal.timeout(timeoutMs),
    })
      .then(async (answer) => {
        if (!answer.ok) throw new Error(`partners answered ${answer.status}`);
        const body = (await answer.json()) as StandingAnswer;
        if (body.data === undefined || body.data === null) throw new Error('partners answered no data');
        const status = body.data.partner?.status;
        if (status && status !== 'SUSPENDED') return next();
        sendGraphQLError(req, res, 403, 'FORBIDDEN', status ? 'This partner is suspended' : 'This token names no partner');
      })
      .catch(() => sendGraphQLError(req, res, 503, 'SERVICE_UNAVAILABLE', 'Partner access cannot be checked right now; try again'));
  };
}
