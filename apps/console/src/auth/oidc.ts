import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleConfig } from './console-config';

type Oidc = Extract<ConsoleConfig['signIn'], { mode: 'oidc' }>;

/**
 * Authorization code with PKCE (oidc-client-ts's default for the code flow). The user and its
 * tokens are held in memory; only the short-lived state and code verifier of a sign-in in progress
 * sit in sessionStorage, since they must survive the redirect to the identity provider and back.
 */
export function userManager(config: Oidc): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    scope: config.scope,
    response_type: 'code',
    redirect_uri: `${window.location.origin}/sign-in/callback`,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    // oidc-client-ts keeps a sign-in in progress in localStorage unless told otherwise: this tab's
    // sessionStorage is enough, and the entry is removed once the callback has used it.
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
}
