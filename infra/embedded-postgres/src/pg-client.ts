import { Client } from 'pg';

/** Runs `work` on a client connected to `url` just for it, and closes that client however it ends. */
export async function withPgClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on a connection of its own (a test's or a bench's look into a database): its rows. */
export const queryRows = <R>(url: string, text: string, params: unknown[] = []): Promise<R[]> =>
  withPgClient(url, async (client) => (await client.query(text, params)).rows as R[]);
