import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { pendingMigrations, runMigrations, serviceDataSourceOptions } from '../src';

class CreateNote1700000000001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE note (text text NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE note');
  }
}
class CreateTag1700000000002 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE tag (name text NOT NULL)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE tag');
  }
}

describe('pendingMigrations (what `main.js migrate --check` reports)', () => {
  let db: TestDatabase;
  const options = (migrations: (new () => MigrationInterface)[]) =>
    serviceDataSourceOptions({ url: db.url, applicationName: 'pending-migrations-spec', entities: [], migrations });
  const tables = async () => {
    const client = new Client({ connectionString: db.adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      return rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    db = await createTestDatabase({ template: 'pending_migrations_lib', migrate: async () => {} });
  });
  afterAll(() => db.drop());

  it('lists every migration of a database never migrated, and applies none', async () => {
    expect(await pendingMigrations(options([CreateNote1700000000001, CreateTag1700000000002]))).toEqual([
      'CreateNote1700000000001',
      'CreateTag1700000000002',
    ]);
    expect(await tables()).toEqual([]);
  });

  it('lists what the release adds on top of what the migration job already applied, then nothing', async () => {
    await runMigrations(options([CreateNote1700000000001]));
    expect(await pendingMigrations(options([CreateNote1700000000001, CreateTag1700000000002]))).toEqual(['CreateTag1700000000002']);
    expect(await tables()).toEqual(['migrations', 'note']);

    await runMigrations(options([CreateNote1700000000001, CreateTag1700000000002]));
    expect(await pendingMigrations(options([CreateNote1700000000001, CreateTag1700000000002]))).toEqual([]);
  });
});
