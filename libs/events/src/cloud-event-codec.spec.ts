import { fromKafkaMessage, MalformedEventError, toKafkaMessage } from './cloud-event-codec';

describe('CloudEvents Kafka binding (binary mode)', () => {
  const row = {
    id: '6f1c2a4e-0000-4000-8000-000000000001',
    topic: 'crm.sales.customer.v1',
    type: 'crm.sales.customer.created.v1',
    source: 'crm.sales',
    subject: '6f1c2a4e-0000-4000-8000-0000000000aa',
    time: new Date('2026-11-23T12:00:00.000Z'),
    data: { customerId: '6f1c2a4e-0000-4000-8000-0000000000aa', name: 'Acme' },
  };

  it('keys by subject, carries attributes as ce_ headers and round-trips', () => {
    const message = toKafkaMessage(row);
    expect(message.key).toBe(row.subject);
    expect(message.headers).toMatchObject({ ce_specversion: '1.0', ce_id: row.id, ce_type: row.type, 'content-type': 'application/json' });
    const asConsumed = {
      value: Buffer.from(message.value as string),
      headers: Object.fromEntries(Object.entries(message.headers!).map(([k, v]) => [k, Buffer.from(String(v))])),
    };
    expect(fromKafkaMessage(asConsumed)).toEqual({
      specversion: '1.0',
      id: row.id,
      source: row.source,
      type: row.type,
      subject: row.subject,
      time: '2026-11-23T12:00:00.000Z',
      datacontenttype: 'application/json',
      data: row.data,
    });
  });

  it("sends the outbox's stored JSON text as it is, and consumers read the same payload", () => {
    const { data, ...head } = row;
    // As Postgres prints jsonb: spaces after separators, numbers as written.
    const dataJson = '{"name": "Acme", "amount": 1200.50, "customerId": "6f1c2a4e-0000-4000-8000-0000000000aa"}';
    const message = toKafkaMessage({ ...head, dataJson });
    expect(message.value).toBe(dataJson);
    const consumed = fromKafkaMessage({
      value: Buffer.from(dataJson),
      headers: Object.fromEntries(Object.entries(message.headers!).map(([k, v]) => [k, Buffer.from(String(v))])),
    });
    expect(consumed.data).toEqual({ ...data, amount: 1200.5 });
  });

  it('carries the trace context of the change that wrote the event as the traceparent header', () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const message = toKafkaMessage({ ...row, traceparent });
    expect(message.headers).toMatchObject({ traceparent });
    const headers = Object.fromEntries(Object.entries(message.headers!).map(([k, v]) => [k, Buffer.from(String(v))]));
    expect(fromKafkaMessage({ value: Buffer.from(message.value as string), headers }).traceparent).toBe(traceparent);
    // Outside any trace there is nothing to send.
    expect(toKafkaMessage({ ...row, traceparent: null }).headers).not.toHaveProperty('traceparent');
  });

  const consumed = (message: ReturnType<typeof toKafkaMessage>) => ({
    value: Buffer.from(message.value as string),
    headers: Object.fromEntries(Object.entries(message.headers!).map(([k, v]) => [k, Buffer.from(String(v))])),
  });

  it("carries the outbox's seq as the CloudEvents sequence, zero-padded so that string order is numeric order", () => {
    const [nine, ten] = [toKafkaMessage({ ...row, seq: '9' }), toKafkaMessage({ ...row, seq: 10n })];
    expect(nine.headers).toMatchObject({ ce_sequence: '00000000000000000009' });
    expect(ten.headers).toMatchObject({ ce_sequence: '00000000000000000010' });
    const [a, b] = [fromKafkaMessage(consumed(nine)).sequence!, fromKafkaMessage(consumed(ten)).sequence!];
    expect(a < b).toBe(true);
    // The largest outbox seq (a Postgres bigint) keeps its digits.
    expect(fromKafkaMessage(consumed(toKafkaMessage({ ...row, seq: '9223372036854775807' }))).sequence).toBe('09223372036854775807');
  });

  it('reads a sequence another producer did not pad, and none from events published before it existed', () => {
    const headers = { ...consumed(toKafkaMessage(row)).headers, ce_sequence: Buffer.from('42') };
    expect(fromKafkaMessage({ value: Buffer.from('{}'), headers }).sequence).toBe('00000000000000000042');
    expect(toKafkaMessage(row).headers).not.toHaveProperty('ce_sequence');
    expect(toKafkaMessage({ ...row, seq: null }).headers).not.toHaveProperty('ce_sequence');
    expect(fromKafkaMessage(consumed(toKafkaMessage(row)))).not.toHaveProperty('sequence');
  });

  it('refuses a sequence that is no counter, naming it', () => {
    for (const bad of ['-1', '1.5', 'abc', '', '123456789012345678901']) {
      const headers = { ...consumed(toKafkaMessage(row)).headers, ce_sequence: Buffer.from(bad) };
      expect(() => fromKafkaMessage({ value: Buffer.from('{}'), headers })).toThrow(
        new MalformedEventError(`ce_sequence "${bad}" is not a non-negative integer of at most 20 digits`),
      );
    }
    expect(() => toKafkaMessage({ ...row, seq: '-3' })).toThrow('sequence "-3" is not a non-negative integer');
  });

  it('refuses messages that are not CloudEvents', () => {
    expect(() => fromKafkaMessage({ value: Buffer.from('{}'), headers: {} })).toThrow(MalformedEventError);
    const headers = { ce_specversion: Buffer.from('1.0'), ce_id: Buffer.from(row.id) };
    expect(() => fromKafkaMessage({ value: Buffer.from('{'), headers })).toThrow(MalformedEventError);
    const base = toKafkaMessage(row).headers as Record<string, string>;
    const notUuid = Object.fromEntries(Object.entries({ ...base, ce_id: 'event-1' }).map(([k, v]) => [k, Buffer.from(v)]));
    expect(() => fromKafkaMessage({ value: Buffer.from('{}'), headers: notUuid })).toThrow('ce_id "event-1" is not a UUID');
  });
});
