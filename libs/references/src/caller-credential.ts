import type { GraphQLRequestContext } from '@crm/graphql';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';

/** The caller's own bearer token, forwarded when this service asks another one on the caller's behalf. */
export interface CallerCredential {
  authorization: string | undefined;
}

/** The Authorization header of the request this resolver serves (already verified by the access guard). */
export const CallerCredential = createParamDecorator((_: unknown, context: ExecutionContext): CallerCredential => {
  const header = GqlExecutionContext.create(context).getContext<GraphQLRequestContext>().req.headers.authorization;
  return { authorization: Array.isArray(header) ? header[0] : header };
});
