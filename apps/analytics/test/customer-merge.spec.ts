import { randomUUID } from 'node:crypto';
import { CaseOpened, CustomerCreated, CustomerMerged, type EventContract, type PayloadOf } from '@crm/contracts';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { analyticsSubgraph } from '../src/analytics.subgraph';
import { TIMELINE_GROUP_ID } from '../src/timeline/timeline.consumer';

const BASE = Date.parse('2030-09-01T12:00:00.000Z');
const at = (second: number): string => new Date(BASE + second * 1000).toISOString();

interface View {
  id: string;
  metrics: { interactionCount: number; lastInteractionAt: string | null };
  timeline: { edges: { node: { id: string; type: string; summary: string } }[] };
}

/** Analytics follows sales' customer.merged: the merged customer's read-model rows move to the survivor. */
describe('analytics follows customer merges', () => {
  const analytics = useTestSubgraph(analyticsSubgraph);
  const { events } = analytics;

  const publish = <C extends EventContract>(contract: C, data: PayloadOf<C>, time: string, id?: string): Promise<string> =>
    events.send(contract, data, { time, id });

  const applied = async (eventId: string) => {
    const deadline = Date.now() + 20_000;
    while ((await analytics.sql('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [TIMELINE_GROUP_ID, eventId])).length === 0) {
      if (Date.now() > deadline) throw new Error(`event ${eventId} was not applied`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const view = async (...ids: string[]): Promise<View[]> => {
    const res = await analytics.gql<{ _entities: View[] }>(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer {
         id metrics { interactionCount lastInteractionAt } timeline(first: 20) { edges { node { id type summary } } }
       } } }`,
      { r: ids.map((id) => ({ __typename: 'Customer', id })) },
    );
    expect(res.errors).toBeUndefined();
    return res.data!._entities;
  };

  const merged = (mergedId: string, survivorId: string, mergedAt: string): PayloadOf<typeof CustomerMerged> => ({
    mergeId: randomUUID(),
    survivorId,
    mergedId,
    moved: { contactIds: [randomUUID()], opportunityIds: [] },
    mergedBy: null,
    mergedAt,
  });

  it('moves the merged customer’s timeline and metrics to the survivor, once, and records later events there too', async () => {
    const survivor = randomUUID();
    const gone = randomUUID();
    const before = [
      await publish(CustomerCreated, { customerId: survivor, name: 'Initech', kind: 'COMPANY', createdAt: at(0) }, at(0)),
      await publish(CustomerCreated, { customerId: gone, name: 'Initech dup', kind: 'COMPANY', createdAt: at(1) }, at(1)),
      await publish(
        CaseOpened,
        { caseId: randomUUID(), customerId: gone, subject: 'Stapler', priority: 'LOW', status: 'NEW', openedAt: at(2) },
        at(2),
      ),
    ];
    for (const id of before) await applied(id);
    const mergeData = merged(gone, survivor, at(3));
    const mergeEvent = await publish(CustomerMerged, mergeData, at(3));
    await publish(CustomerMerged, mergeData, at(3), mergeEvent); // a redelivery
    // The same merge under another event id: re-keys nothing more (it is one more timeline entry, as any replayed-past-inbox event would be).
    await applied(await publish(CustomerMerged, mergeData, at(3)));
    // A case opened on the merged id after the merge (another service had not heard of it yet).
    const late = await publish(
      CaseOpened,
      { caseId: randomUUID(), customerId: gone, subject: 'Late stapler', priority: 'LOW', status: 'NEW', openedAt: at(4) },
      at(4),
    );
    await applied(late);

    const [s, g] = await view(survivor, gone);
    expect(g!.metrics).toEqual({ interactionCount: 0, lastInteractionAt: null });
    expect(g!.timeline.edges).toEqual([]);
    expect(s!.timeline.edges.map((e) => e.node.type)).toEqual([
      'CASE_OPENED',
      'CUSTOMER_MERGED',
      'CUSTOMER_MERGED',
      'CASE_OPENED',
      'CUSTOMER_CREATED',
      'CUSTOMER_CREATED',
    ]);
    expect(s!.timeline.edges[1]!.node.summary).toBe(`Customer ${gone} merged in (1 contact, 0 opportunities moved)`);
    expect(s!.metrics).toEqual({ interactionCount: 6, lastInteractionAt: at(4) });
  });

  it('follows a chain of merges whichever order they arrive in', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, id] of [a, b, c].entries()) {
      await applied(
        await publish(CustomerCreated, { customerId: id, name: `Chain ${i}`, kind: 'PERSON', createdAt: at(10 + i) }, at(10 + i)),
      );
    }
    // B into C arrives before A into B (they are keyed by different customers, so nothing orders them).
    await applied(await publish(CustomerMerged, merged(b, c, at(21)), at(21)));
    await applied(await publish(CustomerMerged, merged(a, b, at(20)), at(20)));

    const [va, vb, vc] = await view(a, b, c);
    expect(va!.metrics.interactionCount).toBe(0);
    expect(vb!.metrics.interactionCount).toBe(0);
    expect(vc!.metrics).toEqual({ interactionCount: 5, lastInteractionAt: at(21) });
    expect(await analytics.sql('SELECT merged_id, survivor_id FROM customer_alias WHERE survivor_id = $1 ORDER BY merged_at', [c])).toEqual(
      [
        { merged_id: a, survivor_id: c },
        { merged_id: b, survivor_id: c },
      ],
    );
  });
});
