import { Client } from 'pg';

/**
 * A digest of analytics' read models: every timeline entry and every customer's metrics, in a
 * fixed order, then the audit trail (keyed by event) and the merged customers' aliases. Processing times (`updated_at`) are left out: two databases built from the same
 * events at different moments must agree. The warehouse's and customer intelligence's tables are
 * digested whole (their keys are event and record ids, and their times the events' own), but for
 * the scores that depend on when they were computed as well.
 */
export async function readModelChecksum(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // The search index has row-level security: the digest reads every row, as the consumers write them.
    await client.query(`SELECT set_config('app.partner_id', '*', false), set_config('app.customer_id', '*', false)`);
    const { rows } = await client.query<{ timeline: string | null; metrics: string | null; entries: string; customers: string }>(
      `SELECT
         (SELECT md5(string_agg(concat_ws('|', id, customer_id, extract(epoch FROM occurred_at), type, source, summary, link_type, link_id), E'\\n' ORDER BY id))
            FROM timeline_entry) AS timeline,
         (SELECT md5(string_agg(concat_ws('|', customer_id, interaction_count, extract(epoch FROM last_interaction_at)), E'\\n' ORDER BY customer_id))
            FROM customer_metrics) AS metrics,
         (SELECT count(*) FROM timeline_entry) AS entries,
         (SELECT count(*) FROM customer_metrics) AS customers`,
    );
    const r = rows[0]!;
    return `entries=${r.entries};customers=${r.customers};timeline=${r.timeline ?? '-'};metrics=${r.metrics ?? '-'}${await schemaDigest(client, 'warehouse')}${await schemaDigest(client, 'intelligence')}${await schemaDigest(client, 'segments')}${await tableDigest(client, 'public', 'search_document')}${await tableDigest(client, 'public', 'search_term')}${await notificationRecipientsDigest(client)}${await tableDigest(client, 'public', 'audit_entry')}${await tableDigest(client, 'public', 'customer_alias')}`;
  } finally {
    await client.end();
  }
}

/**
 * The read models that say whom a notification reaches. The inboxes are not digested: their ids are
 * made as they are written, and whether one was read is the user's doing, not the events'.
 */
async function notificationRecipientsDigest(client: Client): Promise<string> {
  let digest = '';
  for (const name of ['directory_team_member', 'partner_channel_manager', 'customer_owner', 'activity_due'])
    digest += await tableDigest(client, 'public', name);
  return digest;
}

/**
 * Tables whose rows also depend on when they were computed: only these columns are digested. A
 * churn score is as of the clock that scored it; which customers have one is up to the events.
 */
const EVENT_DETERMINED_COLUMNS: Record<string, string> = {
  'intelligence.churn_risk': 'customer_id',
  // Who is in which segment is up to the events; when the sync ran that put them there is not.
  'segments.segment_member': '(segment_id, customer_id)',
  // A view: its churn scores are the clock's (above); which customers it holds is the events'.
  'segments.customer_profile': 'customer_id',
};

/** `;<schema>.<table>=<rows>:<md5>` for every table of the schema, by name. */
async function schemaDigest(client: Client, schema: string): Promise<string> {
  const { rows: tables } = await client.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  let digest = '';
  for (const { name } of tables) digest += await tableDigest(client, schema, name);
  return digest;
}

/** `;<schema>.<table>=<rows>:<md5>` of one table. */
async function tableDigest(client: Client, schema: string, name: string): Promise<string> {
  const row = EVENT_DETERMINED_COLUMNS[`${schema}.${name}`] ?? 't';
  const { rows } = await client.query<{ n: string; md5: string | null }>(
    `SELECT count(*) AS n, md5(string_agg(x, E'\\n' ORDER BY x)) AS md5
     FROM (SELECT (${row})::text AS x FROM ${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)} t) rows`,
  );
  return `;${schema}.${name}=${rows[0]!.n}:${rows[0]!.md5 ?? '-'}`;
}
