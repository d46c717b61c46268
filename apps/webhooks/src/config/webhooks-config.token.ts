/** The worker's validated config, injectable anywhere in it: `@Inject(WEBHOOKS_CONFIG) config: WebhooksConfig`. */
export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');
