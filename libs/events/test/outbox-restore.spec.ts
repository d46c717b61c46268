import { serviceDataSourceOptions } from '@crm/database';
import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { advanceOutboxSequence, createEventTables, eventSequence, EVENT_ENTITIES, RESTORE_SEQUENCE_GAP } from '../src';

describe('advanceOutboxSequence (`main.js restored`, after a database is restored from a backup)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const commit = async (): Promise<string> => {
    const [row] = await ds.query<{ seq: string }[]>(
      `INSERT INTO outbox (id, topic, type, source, subject, data, time) VALUES ($1, 't', 'crm.test.v1', '/crm/test', 's', '{}', now()) RETURNING seq::text`,
      [randomUUID()],
    );
    return row!.seq;
  };

  beforeAll(async () => {
    db = await createTestDatabase({ template: 'outbox_restore_lib', migrate: async () => {} });
    ds = await new DataSource(
      serviceDataSourceOptions({ url: db.url, applicationName: 'outbox-restore-spec', entities: EVENT_ENTITIES, migrations: [] }),
    ).initialize();
    const q = ds.createQueryRunner();
    await createEventTables(q);
    await q.release();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('moves the gap past nothing on an outbox that never handed out a number', async () => {
    expect(await advanceOutboxSequence(ds)).toEqual({ from: '0', to: RESTORE_SEQUENCE_GAP.toString() });
    expect(BigInt(await commit())).toBe(RESTORE_SEQUENCE_GAP + 1n);
  });

  it('orders the events committed after a restore after every one published before it', async () => {
    const published = [await commit(), await commit(), await commit(), await commit()];
    // The restore: the backup was taken after the second commit, so the last two and the counter go back.
    await ds.query('DELETE FROM outbox WHERE seq > $1', [published[1]]);
    await ds.query(`SELECT setval(pg_get_serial_sequence('outbox', 'seq'), $1)`, [published[1]]);
    const unordered = await commit();
    expect(eventSequence(unordered) <= eventSequence(published[3]!)).toBe(true);

    const { from, to } = await advanceOutboxSequence(ds);
    expect(from).toBe(unordered);
    expect(BigInt(to)).toBe(BigInt(unordered) + RESTORE_SEQUENCE_GAP);
    const next = await commit();
    expect(published.every((p) => eventSequence(next) > eventSequence(p))).toBe(true);
  });
});
