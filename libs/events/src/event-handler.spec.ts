import { LeadConverted, type CloudEvent, type PayloadOf } from '@crm/contracts';
import type { Transaction } from '@crm/database';
import { chunkScope, inRuns, on, type TypedEvent } from './event-handler';

const tx = {} as Transaction;
const data: PayloadOf<typeof LeadConverted> = {
  leadId: '6f1c2a4e-0000-4000-8000-000000000001',
  customerId: '6f1c2a4e-0000-4000-8000-000000000002',
  existingCustomer: false,
  customerName: 'Acme',
  customerKind: 'COMPANY',
  contact: { contactId: '6f1c2a4e-0000-4000-8000-000000000003', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@acme.test' },
  opportunity: null,
  ownerId: null,
  convertedBy: null,
  convertedAt: '2026-12-01T12:00:00.000Z',
};
const envelope = (d: unknown): CloudEvent => ({
  specversion: '1.0',
  id: '6f1c2a4e-0000-4000-8000-0000000000ee',
  source: LeadConverted.source,
  type: LeadConverted.type,
  subject: data.customerId,
  time: data.convertedAt,
  datacontenttype: 'application/json',
  data: d,
});

describe('on(contract, handler)', () => {
  it('types the handler by the contract: a field the payload does not have does not compile', () => {
    // Checked by `npm run typecheck`: each @ts-expect-error fails the build if the line below it compiles.
    on(LeadConverted, async (event) => {
      const name: string = event.data.customerName;
      // @ts-expect-error LeadConverted has no `customerEmail`
      const wrong: unknown = event.data.customerEmail;
      // @ts-expect-error `existingCustomer` is a boolean, not a string
      const mistyped: string = event.data.existingCustomer;
      void [name, wrong, mistyped];
    });
    // @ts-expect-error a handler written for another payload is not a LeadConverted handler
    on(LeadConverted, async (event: TypedEvent<typeof LeadConverted> & { data: { title: string } }) => void event.data.title);
  });

  it('hands the handler the payload parsed by the contract schema', async () => {
    const seen: unknown[] = [];
    const bound = on(LeadConverted, async (event) => void seen.push(event.data)).bind(envelope({ ...data, extra: 'dropped' }));
    if (!('apply' in bound)) throw new Error(`expected a valid event, got ${bound.invalid}`);
    expect(seen).toEqual([]);
    await bound.apply(tx);
    expect(seen).toEqual([data]);
  });

  it('names the fields that break the contract and never calls the handler', () => {
    let called = false;
    const bound = on(LeadConverted, async () => void (called = true)).bind(envelope({ ...data, customerId: 'not-a-uuid', contact: {} }));
    expect(bound).toEqual({
      invalid: expect.stringMatching(/^invalid crm\.marketing\.lead\.converted\.v1: customerId: .*contact\.contactId/),
    });
    expect(called).toBe(false);
  });

  it('runs deferred work once per chunk with every item, after the events; on its own, right after the event', async () => {
    const log: string[] = [];
    const handler = on(LeadConverted, async (event, _tx, chunk) => {
      log.push(`apply ${event.data.customerName}`);
      chunk.defer('rescore', event.data.customerName, async (names) => void log.push(`flush ${names.join(',')}`));
    });
    const bind = (name: string) => {
      const bound = handler.bind(envelope({ ...data, customerName: name }));
      if (!('apply' in bound)) throw new Error(bound.invalid);
      return bound;
    };
    const chunk = chunkScope();
    await bind('A').apply(tx, chunk);
    await bind('B').apply(tx, chunk);
    expect(log).toEqual(['apply A', 'apply B']);
    await chunk.flush();
    await chunk.flush();
    expect(log).toEqual(['apply A', 'apply B', 'flush A,B']);
    await bind('C').apply(tx);
    expect(log.slice(3)).toEqual(['apply C', 'flush C']);
  });

  it('applies deferred items in order, each run of batched ones in one call', async () => {
    const calls: string[] = [];
    const isNumber = (x: number | string): x is number => typeof x === 'number';
    await inRuns<number | string, number>(
      [1, 2, 'merge', 3, 'a', 'b', 4, 5],
      isNumber,
      async (run) => void calls.push(`batch ${run.join(',')}`),
      async (item) => void calls.push(`one ${item}`),
    );
    expect(calls).toEqual(['batch 1,2', 'one merge', 'batch 3', 'one a', 'one b', 'batch 4,5']);
  });
});
