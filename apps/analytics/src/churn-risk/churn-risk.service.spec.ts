import { ContactAdded, CustomerMerged, type CloudEvent, type EventContract, type PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { chunkScope } from '@crm/events';
import type { ChurnRiskRepository, Touchpoint } from './churn-risk.repository';
import { ChurnRiskService } from './churn-risk.service';

const MERGED = '6f1c2a4e-0000-4000-8000-00000000000a';
const SURVIVOR = '6f1c2a4e-0000-4000-8000-00000000000b';
const tx = {} as Transaction;

let n = 0;
function event<C extends EventContract>(contract: C, data: PayloadOf<C>, time: string): CloudEvent {
  n++;
  return {
    specversion: '1.0',
    id: `6f1c2a4e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    source: contract.source,
    type: contract.type,
    subject: SURVIVOR,
    time,
    datacontenttype: 'application/json',
    data,
  };
}
const contactAdded = (customerId: string, time: string) =>
  event(ContactAdded, { contactId: SURVIVOR, customerId, fullName: 'Ada Lovelace', email: null, createdAt: time }, time);
const merged = (time: string) =>
  event(
    CustomerMerged,
    {
      mergeId: SURVIVOR,
      survivorId: SURVIVOR,
      mergedId: MERGED,
      moved: { contactIds: [], opportunityIds: [] },
      mergedBy: null,
      mergedAt: time,
    },
    time,
  );

/** The service over a repository that records what it was asked to write, in order. */
function service() {
  const writes: (string | Touchpoint[])[] = [];
  const repository = {
    touchpoints: (_tx: Transaction, t: Touchpoint[]) => Promise.resolve(void writes.push([...t])),
    mergeCustomer: (_tx: Transaction, mergedId: string, survivorId: string) =>
      Promise.resolve(void writes.push(`merge ${mergedId} -> ${survivorId}`)),
    lockScores: (_tx: Transaction, ids: string[]) => {
      writes.push(`lock ${[...ids].sort().join(',')}`);
      return Promise.resolve(new Map());
    },
    signals: (_tx: Transaction, ids: string[]) =>
      Promise.resolve(
        new Map(
          ids.map((id) => [
            id,
            {
              lastEngagedAt: null,
              recentTouchpoints: 0,
              earlierTouchpoints: 0,
              openUrgentCases: 0,
              slaBreaches: 0,
              csatAverage: null,
              lostRenewals: 0,
            },
          ]),
        ),
      ),
    saveScores: () => Promise.resolve(),
  } as unknown as ChurnRiskRepository;
  const segments = { reevaluate: () => Promise.resolve() };
  const s = new ChurnRiskService(
    repository,
    null as never,
    null as never,
    { CHURN_RISK_THRESHOLD: 0.7, CHURN_RENEWAL_PIPELINE_IDS: [] },
    segments as never,
  );
  const handlers = new Map(s.handlers().map((h) => [h.contract.type, h]));
  /** Applies the events as the runner does one chunk: each handler, then what they deferred. */
  const applyChunk = async (events: CloudEvent[]) => {
    const chunk = chunkScope();
    for (const e of events) {
      const bound = handlers.get(e.type)!.bind(e);
      if ('invalid' in bound) throw new Error(bound.invalid);
      await bound.apply(tx, chunk);
    }
    await chunk.flush();
  };
  return { writes, applyChunk };
}

describe('ChurnRiskService in a chunk', () => {
  it("writes a run of touchpoints in one statement, keeps a merge in its place among them, and locks before it reads each customer's signals", async () => {
    const { writes, applyChunk } = service();
    const events = [
      contactAdded(MERGED, '2026-12-01T10:00:00.000Z'),
      contactAdded(SURVIVOR, '2026-12-01T10:01:00.000Z'),
      merged('2026-12-01T10:02:00.000Z'),
      contactAdded(MERGED, '2026-12-01T10:03:00.000Z'),
    ];
    await applyChunk(events);
    expect(writes).toEqual([
      [
        { eventId: events[0]!.id, customerId: MERGED, at: new Date('2026-12-01T10:00:00.000Z') },
        { eventId: events[1]!.id, customerId: SURVIVOR, at: new Date('2026-12-01T10:01:00.000Z') },
      ],
      `merge ${MERGED} -> ${SURVIVOR}`,
      [{ eventId: events[3]!.id, customerId: MERGED, at: new Date('2026-12-01T10:03:00.000Z') }],
      `lock ${[MERGED, SURVIVOR].sort().join(',')}`,
    ]);
  });

  it('writes the same as one event per chunk would, in the same order', async () => {
    const batched = service();
    const single = service();
    const events = [
      contactAdded(MERGED, '2026-12-01T10:00:00.000Z'),
      merged('2026-12-01T10:02:00.000Z'),
      contactAdded(MERGED, '2026-12-01T10:03:00.000Z'),
    ];
    await batched.applyChunk(events);
    for (const e of events) await single.applyChunk([e]);
    const signalsOnly = (w: (string | Touchpoint[])[]) => w.filter((x) => typeof x !== 'string' || x.startsWith('merge')).flat();
    expect(signalsOnly(batched.writes)).toEqual(signalsOnly(single.writes));
  });
});
