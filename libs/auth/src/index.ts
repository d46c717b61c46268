export * from './access';
export { AccessGuard, TOKEN_VERIFIER, accessDecisionOf } from './access.guard';
export { identityMiddleware } from './identity.middleware';
export { AuthModule } from './auth.module';
export { customerScopeSetting, partnerScopeSetting, scopedCustomerId, scopedPartnerId, SYSTEM_IDENTITY } from './request-scope';
export {
  bearerToken,
  createTokenVerifier,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  identityFromClaims,
  InvalidTokenError,
  TOKEN_ALGORITHMS,
  type TokenKeysConfig,
  type TokenVerifier,
} from './tokens';
export { resolverClassesOf, resolversWithoutAccessDecision } from './access-audit';
export { accessMatrixMarkdown } from './access-matrix';
export { SignedLinks } from './signed-links';
export { notBefore, occurredAt, OccurredAtField } from './history-import';
