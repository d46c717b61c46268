export * from './access';
export { AccessGuard, identityScope, TOKEN_VERIFIER, accessDecisionOf } from './access.guard';
export { AuthModule } from './auth.module';
export { currentIdentity, partnerScopeSetting, runAs, scopedPartnerId, SYSTEM_IDENTITY } from './request-scope';
export {
  bearerToken,
  createTokenVerifier,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  ensureDevSigningKey,
  generateSigningKey,
  identityFromClaims,
  InvalidTokenError,
  mintToken,
  PRIVATE_KEY_FILE,
  PUBLIC_KEYS_FILE,
  TOKEN_ALGORITHMS,
  type SigningKey,
  type TokenClaims,
  type TokenKeysConfig,
  type TokenVerifier,
} from './tokens';
export { resolverClassesOf, resolversWithoutAccessDecision } from './access-audit';
export { accessMatrixMarkdown } from './access-matrix';
