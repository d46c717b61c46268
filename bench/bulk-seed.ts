/**
 * Bulk seed for the benchmarks: loads every service's own database with set-based INSERT … SELECT
 * over generate_series (one statement per table, run inside Postgres, no rows over the wire), as
 * the database superuser (past row-level security, as a restore would be).
 *
 * Volume is a parameter: `customers` customers, and per customer 3 contacts, 3 opportunities,
 * 1 lead, 1 case and 1 partner link (so 100,000 customers give 300,000 contacts, 300,000
 * opportunities, 100,000 leads, 100,000 cases), over `partners` partners.
 *
 * Ids are deterministic (`<kind prefix>-0000-4000-8000-<index in hex>`), so every database can be
 * generated on its own and still refer to the same customers.
 *
 * Analytics, documented bulk equivalent of the event path: the analytics subgraph's timeline
 * consumer turns CustomerCreated, ContactAdded, LeadCaptured (with a customer), CaseOpened and
 * PartnerLinkedToCustomer events into one `timeline_entry` row each (id = the event id, the type,
 * source service and summary that `timelineFactOf` gives) and keeps `customer_metrics` as
 * (count of the customer's entries, newest occurred_at). This seed writes exactly those rows for the
 * events the generated records would have emitted (occurred_at = the record's creation time; event
 * ids are minted here as a producer would mint them), and derives `customer_metrics` from
 * `timeline_entry` with one GROUP BY, which is what the consumer's per-event upsert sums to.
 * Opportunities emit no event the timeline reads, so they have no entries.
 */
import { Client } from 'pg';

export interface SeedVolume {
  customers: number;
  partners: number;
}

export const CONTACTS_PER_CUSTOMER = 3;
export const OPPORTUNITIES_PER_CUSTOMER = 3;
/** Timeline entries per customer: created, 3 contacts, a lead, a case, a partner link. */
export const TIMELINE_PER_CUSTOMER = 7;

/** SQL for the deterministic UUID of row `i` (a bigint expression) of a kind (8 hex digits). */
const uuid = (prefix: string, i: string) => `('${prefix}-0000-4000-8000-' || lpad(to_hex(${i}), 12, '0'))::uuid`;
/** The same in JavaScript. */
export const seedUuid = (prefix: string, i: number) => `${prefix}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/**
 * What the seed writes, versioned: a data folder seeded by another version (or at another volume)
 * is seeded again. 2: one activity and one note per customer (the wide 360's sales fields).
 */
export const SEED_VERSION = 2;

/** The author of the seeded notes: the bench's admin token's user. */
const SEED_AUTHOR = '00000000-0000-4000-a000-0000000be0c4';

export const PREFIX = {
  customer: 'c0000000',
  contact: 'c1000000',
  opportunity: '0f000000',
  lead: '1e000000',
  case: 'ca000000',
  activity: 'ac000000',
  note: '0e000000',
  partner: 'a0000000',
  eventCustomer: 'e0000001',
  eventContact: 'e0000002',
  eventLead: 'e0000003',
  eventCase: 'e0000004',
  eventPartner: 'e0000005',
} as const;

// Each customer's records are created a minute apart, newest customer first; the base is fixed so
// that every database (and every run) computes the same times.
const BASE = `timestamptz '2026-11-01T00:00:00Z'`;
const customerCreated = (i: string) => `(${BASE} - (${i}) * interval '1 minute')`;

const customerName = (i: string) => `'Customer ' || ${i}`;
const contactFirst = (j: string) => `(ARRAY['Ada','Grace','Alan','Katherine','Linus','Margaret','Tim','Barbara'])[(${j}) % 8 + 1]`;
const contactLast = (j: string) => `'Person' || ${j}`;
const leadEmail = (i: string) => `'lead' || ${i} || '@customer' || ${i} || '.example'`;
const leadSource = (i: string) => `(ARRAY['WEB_FORM','EVENT','REFERRAL','PARTNER'])[(${i}) % 4 + 1]`;
const caseSubject = (i: string) =>
  `(ARRAY['Cannot log in','Invoice shows the wrong amount','Shipment arrived damaged','API returns 500 on save'])[(${i}) % 4 + 1]`;
const casePriority = (i: string) => `(ARRAY['LOW','MEDIUM','HIGH','URGENT'])[(${i}) % 4 + 1]`;
const partnerName = (p: string) => `'Partner ' || ${p}`;

/** The statements, per service database, in order. */
export function seedStatements(v: SeedVolume): Record<string, string[]> {
  const n = v.customers;
  const P = v.partners;
  return {
    // Each list starts from empty tables, so a seed that failed half-way can simply run again.
    sales: [
      'TRUNCATE customer, contact, opportunity CASCADE',
      `INSERT INTO customer (id, name, kind, domain, created_at, updated_at)
       SELECT ${uuid(PREFIX.customer, 'i')}, ${customerName('i')}, 'COMPANY', 'customer' || i || '.example', ${customerCreated('i')}, ${customerCreated('i')}
       FROM generate_series(0, ${n - 1}) AS i`,
      `INSERT INTO contact (id, customer_id, first_name, last_name, email, created_at)
       SELECT ${uuid(PREFIX.contact, 'j')}, ${uuid(PREFIX.customer, `j / ${CONTACTS_PER_CUSTOMER}`)}, ${contactFirst('j')}, ${contactLast('j')},
              'person' || j || '@customer' || (j / ${CONTACTS_PER_CUSTOMER}) || '.example',
              ${customerCreated(`j / ${CONTACTS_PER_CUSTOMER}`)} + (j % ${CONTACTS_PER_CUSTOMER} + 1) * interval '1 second'
       FROM generate_series(0, ${n * CONTACTS_PER_CUSTOMER - 1}) AS j`,
      `INSERT INTO opportunity (id, customer_id, name, amount, currency, close_date, pipeline_id, stage_id, status, created_at, updated_at)
       SELECT ${uuid(PREFIX.opportunity, 'j')}, ${uuid(PREFIX.customer, `j / ${OPPORTUNITIES_PER_CUSTOMER}`)}, 'Deal ' || j,
              ((j::bigint * 7919) % 100000) * 10 + 500, 'EUR', date '2027-01-01' + (j % 365),
              '0a7f0000-0000-4000-8000-000000000001', ('0a7f0000-0000-4000-8001-00000000000' || (j % 4 + 1))::uuid, 'OPEN',
              ${customerCreated(`j / ${OPPORTUNITIES_PER_CUSTOMER}`)} + interval '10 seconds', ${customerCreated(`j / ${OPPORTUNITIES_PER_CUSTOMER}`)} + interval '10 seconds'
       FROM generate_series(0, ${n * OPPORTUNITIES_PER_CUSTOMER - 1}) AS j`,
      // One open task and one note per customer, for the wide 360's activities and notes.
      'TRUNCATE note CASCADE',
      `INSERT INTO activity (id, type, subject, customer_id, due_at, created_at, updated_at)
       SELECT ${uuid(PREFIX.activity, 'i')}, (ARRAY['TASK','CALL','MEETING','EMAIL'])[i % 4 + 1], 'Follow up ' || i, ${uuid(PREFIX.customer, 'i')},
              ${customerCreated('i')} + interval '7 days', ${customerCreated('i')} + interval '20 seconds', ${customerCreated('i')} + interval '20 seconds'
       FROM generate_series(0, ${n - 1}) AS i`,
      `INSERT INTO note (id, record_type, record_id, customer_id, author_id, body, edited_by, created_at, updated_at)
       SELECT ${uuid(PREFIX.note, 'i')}, 'CUSTOMER', ${uuid(PREFIX.customer, 'i')}, ${uuid(PREFIX.customer, 'i')}, '${SEED_AUTHOR}',
              '<p>Discovery call ' || i || ': wants a quote for <strong>three seats</strong>.</p>', '${SEED_AUTHOR}',
              ${customerCreated('i')} + interval '30 seconds', ${customerCreated('i')} + interval '30 seconds'
       FROM generate_series(0, ${n - 1}) AS i`,
    ],
    marketing: [
      'TRUNCATE lead CASCADE',
      `INSERT INTO lead (id, email, name, company, source, status, customer_id, created_at, updated_at)
       SELECT ${uuid(PREFIX.lead, 'i')}, ${leadEmail('i')}, 'Buyer ' || i, ${customerName('i')}, ${leadSource('i')}, 'NEW',
              ${uuid(PREFIX.customer, 'i')}, ${customerCreated('i')} + interval '20 seconds', ${customerCreated('i')} + interval '20 seconds'
       FROM generate_series(0, ${n - 1}) AS i`,
    ],
    service: [
      'TRUNCATE support_case CASCADE',
      `INSERT INTO support_case (id, customer_id, subject, type, priority, priority_rank, status, opened_at, updated_at)
       SELECT ${uuid(PREFIX.case, 'i')}, ${uuid(PREFIX.customer, 'i')}, ${caseSubject('i')}, 'REQUEST', ${casePriority('i')}, i % 4 + 1, 'NEW',
              ${customerCreated('i')} + interval '30 seconds', ${customerCreated('i')} + interval '30 seconds'
       FROM generate_series(0, ${n - 1}) AS i`,
    ],
    partners: [
      'TRUNCATE partner, partner_customer_link CASCADE',
      `INSERT INTO partner (id, name, name_key, kind, created_at)
       SELECT ${uuid(PREFIX.partner, 'p')}, ${partnerName('p')}, lower(${partnerName('p')}), 'RESELLER', ${BASE} - interval '400 days'
       FROM generate_series(0, ${P - 1}) AS p`,
      `INSERT INTO partner_customer_link (partner_id, customer_id, linked_at)
       SELECT ${uuid(PREFIX.partner, `i % ${P}`)}, ${uuid(PREFIX.customer, 'i')}, ${customerCreated('i')} + interval '40 seconds'
       FROM generate_series(0, ${n - 1}) AS i`,
    ],
    analytics: [
      'TRUNCATE timeline_entry, customer_metrics',
      // The events above, as the timeline consumer records them (see timelineFactOf in analytics).
      `INSERT INTO timeline_entry (id, customer_id, occurred_at, type, source, summary)
       SELECT ${uuid(PREFIX.eventCustomer, 'i')}, ${uuid(PREFIX.customer, 'i')}, ${customerCreated('i')}, 'CUSTOMER_CREATED', 'sales',
              'Customer ' || ${customerName('i')} || ' created'
       FROM generate_series(0, ${n - 1}) AS i`,
      `INSERT INTO timeline_entry (id, customer_id, occurred_at, type, source, summary)
       SELECT ${uuid(PREFIX.eventContact, 'j')}, ${uuid(PREFIX.customer, `j / ${CONTACTS_PER_CUSTOMER}`)},
              ${customerCreated(`j / ${CONTACTS_PER_CUSTOMER}`)} + (j % ${CONTACTS_PER_CUSTOMER} + 1) * interval '1 second', 'CONTACT_ADDED', 'sales',
              'Contact ' || ${contactFirst('j')} || ' ' || ${contactLast('j')} || ' added'
       FROM generate_series(0, ${n * CONTACTS_PER_CUSTOMER - 1}) AS j`,
      `INSERT INTO timeline_entry (id, customer_id, occurred_at, type, source, summary)
       SELECT ${uuid(PREFIX.eventLead, 'i')}, ${uuid(PREFIX.customer, 'i')}, ${customerCreated('i')} + interval '20 seconds', 'LEAD_CAPTURED', 'marketing',
              'Lead ' || ${leadEmail('i')} || ' captured from ' || ${leadSource('i')}
       FROM generate_series(0, ${n - 1}) AS i`,
      `INSERT INTO timeline_entry (id, customer_id, occurred_at, type, source, summary)
       SELECT ${uuid(PREFIX.eventCase, 'i')}, ${uuid(PREFIX.customer, 'i')}, ${customerCreated('i')} + interval '30 seconds', 'CASE_OPENED', 'service',
              'Case opened: ' || ${caseSubject('i')} || ' (' || ${casePriority('i')} || ')'
       FROM generate_series(0, ${n - 1}) AS i`,
      `INSERT INTO timeline_entry (id, customer_id, occurred_at, type, source, summary)
       SELECT ${uuid(PREFIX.eventPartner, 'i')}, ${uuid(PREFIX.customer, 'i')}, ${customerCreated('i')} + interval '40 seconds', 'PARTNER_LINKED', 'partners',
              'Partner ' || ${partnerName(`i % ${P}`)} || ' linked'
       FROM generate_series(0, ${n - 1}) AS i`,
      `INSERT INTO customer_metrics (customer_id, interaction_count, last_interaction_at, updated_at)
       SELECT customer_id, count(*), max(occurred_at), now() FROM timeline_entry GROUP BY customer_id`,
    ],
  };
}

/** Loads every database (given by its superuser URL), each in one transaction, then ANALYZEs it. Databases load in parallel. */
export async function bulkSeed(adminUrls: Record<string, string>, volume: SeedVolume, log: (line: string) => void): Promise<void> {
  const statements = seedStatements(volume);
  await Promise.all(
    Object.entries(statements).map(async ([service, list]) => {
      const url = adminUrls[service];
      if (!url) throw new Error(`no database URL for ${service}`);
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const started = Date.now();
        await client.query('BEGIN');
        // A bulk load: commit without waiting for the WAL flush (a crash just means seeding again).
        await client.query('SET LOCAL synchronous_commit = off');
        let rows = 0;
        for (const sql of list) rows += (await client.query(sql)).rowCount ?? 0;
        await client.query('COMMIT');
        await client.query('ANALYZE');
        log(`${service}: ${rows.toLocaleString('en')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new Error(`seeding ${service}: ${(e as Error).message}`);
      } finally {
        await client.end();
      }
    }),
  );
}
