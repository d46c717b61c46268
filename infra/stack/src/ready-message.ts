/** What the stack that just started offers, as `npm start` prints it once everything answers. */
export interface ReadyStack {
  /** The gateway's port: the console, the graph and the contracts are all on its origin. */
  port: number;
  seconds: number;
  adminToken: string;
  /** Where campaign email lands instead of being sent, and where the services log, relative to the repository. */
  mailDir: string;
  logDir: string;
  formKey?: string | null;
  /** A ready-to-paste request for a seeded customer's 360, when there is one. */
  example?: string | null;
}

/**
 * The console's URL comes first: it is what most people who ran `npm start` want to open (issue
 * 18), so it is the first thing the eye meets; the graph and the contracts' endpoints, for those who
 * write clients, follow.
 */
export function readyMessage(s: ReadyStack): string {
  const origin = `http://localhost:${s.port}`;
  return `
Console: ${origin}/
Ready in ${s.seconds.toFixed(1)} s (build included). The customer-360 graph: ${origin}/graphql
Development admin token (12 h; others: npm run token -- --role <role> [--partner <uuid>]):
  Authorization: Bearer ${s.adminToken}
Partner endpoint (persisted operations only): ${origin}/partner/graphql
Customer portal endpoint (persisted operations only): ${origin}/portal/graphql
Campaign email (not sent out): ${s.mailDir}/*.eml
${s.formKey ? `Example web form (posts with no token, as a site's would): ${origin}/forms/${s.formKey}\n` : ''}Logs: ${s.logDir}/<service>.log   Reset the data: npm run reset   Stop: Ctrl-C
${s.example ? `\nTry it:\n${s.example}\n` : ''}`;
}
