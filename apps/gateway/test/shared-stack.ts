import { startTestStack, type TestStack } from '@crm/testing';

let started: Promise<TestStack> | undefined;

/**
 * One stack for the gateway suites that need nothing of it but its own records (*.suite.ts, run
 * by shared-stack.spec.ts): starting the five subgraphs, the gateway and a broker costs a small
 * suite most of its time. Its settings are the union of what those suites asked for, none of
 * which another of them minds. Started by the first suite that runs, so `-t` runs only pay for it
 * when they need it.
 */
export function sharedStack(): Promise<TestStack> {
  return (started ??= startTestStack({
    outboxPollMs: 50,
    subgraphEnv: {
      // references: a first lookup on a cold sales process of a busy test machine can take
      // seconds; the default bound (2 s) is for production.
      REFERENCE_LOOKUP_TIMEOUT_MS: '15000',
      // partner-deal-flow: the lead offer expiry job runs often, so an offer's one second runs out within the test.
      LEAD_OFFER_EXPIRY_INTERVAL_MS: '250',
    },
    // references: likewise the gateway's bound on a subgraph call; these suites are about refusals and flows, not timeouts.
    gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '20000' },
  }));
}

export async function stopSharedStack(): Promise<void> {
  const stack = await started?.catch(() => undefined);
  started = undefined;
  await stack?.stop();
}
