import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Client } from 'pg';
import { OWNER_FILE } from './data-dir';
import { startPostgres, type PostgresServer } from './postgres-server';
import { ensureServiceDatabase } from './service-database';

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

function running(pid: number): boolean {
  try {
    return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
  } catch {
    return false;
  }
}

describe('startPostgres', () => {
  let tmp: string;
  let dataDir: string;
  const servers: PostgresServer[] = [];
  const start = async (port?: number, maxConnections?: number) => {
    const server = await startPostgres({ dataDir, port, maxConnections });
    servers.push(server);
    return server;
  };

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-postgres-spec-'));
    dataDir = path.join(tmp, 'data');
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('keeps a service database across restarts of the same folder', async () => {
    let pg = await start();
    expect(pg.host).toBe('127.0.0.1');
    expect((await query<{ v: string }>(pg.adminUrl(), 'SHOW server_version'))[0]).toBeDefined();

    const db = { database: 'crm_spec', user: 'crm_spec_user', password: "p@ss:w'rd/%" };
    const url = await ensureServiceDatabase(pg, db);
    expect(await ensureServiceDatabase(pg, db)).toBe(url);

    await query(url, 'CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
    await query(url, "INSERT INTO note VALUES (1, 'kept')");
    const [role] = await query<{ rolsuper: boolean; rolbypassrls: boolean; rolcreatedb: boolean }>(
      url,
      'SELECT rolsuper, rolbypassrls, rolcreatedb FROM pg_roles WHERE rolname = current_user',
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreatedb: false });
    const [owner] = await query<{ owner: string }>(
      pg.adminUrl(),
      "SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = 'crm_spec'",
    );
    expect(owner?.owner).toBe('crm_spec_user');

    const pid = postmasterPid(dataDir);
    await pg.stop();
    expect(running(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);

    pg = await start();
    expect(await query(await ensureServiceDatabase(pg, db), 'SELECT id, body FROM note')).toEqual([{ id: 1, body: 'kept' }]);
  });

  it('runs with the max_connections it is given, on the same folder as one started without', async () => {
    let pg = await start();
    expect((await query<{ max_connections: string }>(pg.adminUrl(), 'SHOW max_connections'))[0]!.max_connections).toBe('100');
    await pg.stop();
    // Shared memory grows with it: a stack's budget on two test workers needs about 200.
    pg = await start(undefined, 400);
    expect((await query<{ max_connections: string }>(pg.adminUrl(), 'SHOW max_connections'))[0]!.max_connections).toBe('400');
  });

  it('does not let another service role connect to the database', async () => {
    const pg = await start();
    await ensureServiceDatabase(pg, { database: 'crm_a', user: 'crm_a', password: 'a' });
    const other = await ensureServiceDatabase(pg, { database: 'crm_b', user: 'crm_b', password: 'b' });
    const intruder = new URL(other);
    intruder.pathname = '/crm_a';
    await expect(query(intruder.toString(), 'SELECT 1')).rejects.toThrow(/permission denied for database "crm_a"/);
  });

  it('refuses role and database names that are not plain identifiers', async () => {
    const server = { adminUrl: () => 'postgres://unused' };
    await expect(ensureServiceDatabase(server, { database: 'ok', user: 'Bad"Name', password: 'x' })).rejects.toThrow(/role name/);
    await expect(ensureServiceDatabase(server, { database: 'a;drop', user: 'ok', password: 'x' })).rejects.toThrow(/database name/);
  });

  it('starts after its postmaster was SIGKILLed, leaving postmaster.pid behind', async () => {
    const first = await start();
    const pid = postmasterPid(dataDir);
    process.kill(pid, 'SIGKILL');
    await first.stop(); // the server is gone already: must not wait for it
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);

    const pg = await start();
    expect(postmasterPid(dataDir)).not.toBe(pid);
    expect(await query(pg.adminUrl(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('starts when postmaster.pid names a live process that is not a postmaster', async () => {
    await (await start()).stop();
    // The PID of a crashed server reused by some other process, here this test's own.
    fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`, { mode: 0o600 });
    const pg = await start();
    expect(postmasterPid(dataDir)).not.toBe(process.pid);
    expect(await query(pg.adminUrl(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('stops a postmaster orphaned by a killed launcher and takes the folder over', async () => {
    const orphan = await start();
    const orphanPid = postmasterPid(dataDir);
    // As if the process that started it had been SIGKILLed: its PID no longer runs.
    const deadPid = spawnSync(process.execPath, ['-e', 'process.pid'], { stdio: 'ignore' }).pid;
    fs.writeFileSync(path.join(dataDir, OWNER_FILE), String(deadPid));

    const pg = await start(orphan.port);
    expect(running(orphanPid)).toBe(false);
    expect(postmasterPid(dataDir)).not.toBe(orphanPid);
    expect(await query(pg.adminUrl(), 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('refuses a folder whose server is in use by a live process', async () => {
    await start();
    fs.writeFileSync(path.join(dataDir, OWNER_FILE), String(process.ppid));
    await expect(startPostgres({ dataDir })).rejects.toThrow(`Postgres data folder ${dataDir} is in use`);
  });

  it('fails with the port and folder when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startPostgres({ dataDir, port })).rejects.toThrow(
        `Postgres did not start on 127.0.0.1:${port} with data folder ${dataDir}`,
      );
    } finally {
      blocker.close();
    }
  });
});
