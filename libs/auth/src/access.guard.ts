import { forbidden, unauthenticated } from '@crm/graphql';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ACCESS_KEY, ANONYMOUS, type AccessDecision } from './access';
import { identify, type AuthRequest } from './identity.middleware';
import { InvalidTokenError, type TokenVerifier } from './tokens';

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

function requestOf(context: ExecutionContext): AuthRequest | undefined {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req?: AuthRequest }>().req;
  return context.switchToHttp().getRequest<AuthRequest>();
}

/** The access decision on the method, else on its class (field resolvers and resolveReference inherit the class's). */
export function accessDecisionOf(reflector: Reflector, context: ExecutionContext): AccessDecision | undefined {
  return reflector.getAllAndOverride<AccessDecision | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
}

/**
 * Every resolver needs a decision: a resolver without one is refused (and the resolver-discovery
 * test fails the build). A missing, expired or badly signed token is UNAUTHENTICATED; a verified
 * caller without a listed role is FORBIDDEN.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verify: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Health, readiness and metrics are plain HTTP routes, outside the graph.
    if (context.getType<string>() !== 'graphql') return true;
    const decision = accessDecisionOf(this.reflector, context);
    if (!decision) throw forbidden('This field has no access rule and is closed');
    const req = requestOf(context);
    if (!req) throw unauthenticated();
    req.identityCheck ??= identify(this.verify, req);
    const identity = await req.identityCheck;
    if (decision.public) {
      req.identity = identity instanceof InvalidTokenError ? ANONYMOUS : identity;
      return true;
    }
    if (identity instanceof InvalidTokenError || identity.roles.length === 0) throw unauthenticated();
    req.identity = identity;
    if (!identity.roles.some((r) => decision.roles.includes(r))) throw forbidden();
    return true;
  }
}
