import type { Role } from './session';

export type Domain = 'sales' | 'marketing' | 'service' | 'partners' | 'analytics';

/** What the gateway tells the console at /console/config.json. */
export interface ConsoleConfig {
  signIn:
    | { mode: 'development'; roles: Role[] }
    | { mode: 'oidc'; authority: string; clientId: string; scope: string }
    | { mode: 'unavailable'; reason: string };
  /** Who reads and who writes each domain: the platform's access matrix, so errors can name the role needed. */
  access: Record<Domain, { read: Role[]; write: Role[] }>;
}

let loaded: Promise<ConsoleConfig> | undefined;

export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch('/console/config.json').then(async (res) => {
    if (!res.ok) throw new Error(`The console's configuration could not be loaded (HTTP ${res.status})`);
    return (await res.json()) as ConsoleConfig;
  });
  return loaded;
}

/** Set once the configuration has loaded, for code outside React (error messages). */
export let accessMatrix: ConsoleConfig['access'] | null = null;
export function rememberAccess(config: ConsoleConfig): void {
  accessMatrix = config.access;
}
