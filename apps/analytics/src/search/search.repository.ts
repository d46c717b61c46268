import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';
import { KEY_FIELDS, TITLE_FIELDS, type DocumentChange } from './search-document';
import { SearchType } from './search-type';

/** A hit as the query answers it, best first. */
export interface SearchRow {
  type: SearchType;
  id: string;
  score: number;
  matchedFields: string[];
}

export interface SearchQuery {
  /** Trimmed, 2 to 200 characters. */
  text: string;
  types: SearchType[] | null;
  /** Only this partner's documents (a partner caller), or null for every document the transaction may read. */
  partnerId: string | null;
  limit: number;
}

/** Each value of a jsonb object's fields, a list's items one by one; `where` picks the fields by key (`e.key`). */
const values = (fields: string, where: string): string =>
  `(SELECT coalesce(array_agg(v ORDER BY e.key, v), '{}') FROM jsonb_each(${fields}) e
     CROSS JOIN LATERAL jsonb_array_elements_text(CASE jsonb_typeof(e.value) WHEN 'array' THEN e.value ELSE jsonb_build_array(e.value) END) v
     WHERE v IS NOT NULL AND ${where})`;

const KEYS_SQL = `ARRAY[${KEY_FIELDS.map((f) => `'${f}'`).join(', ')}]`;
const TITLES_SQL = `ARRAY[${TITLE_FIELDS.map((f) => `'${f}'`).join(', ')}]`;

/** The exact-match keys of a document's fields: its emails and domains, lower-cased. */
const keysOf = (fields: string): string =>
  `(SELECT coalesce(array_agg(DISTINCT lower(k)), '{}') FROM unnest(${values(fields, `e.key = ANY(${KEYS_SQL})`)}) k)`;

/**
 * The weighted vector: A the title, B emails and domains, C every other field. The 'simple'
 * configuration: names, emails and domains are not English words to stem, and an email stays one
 * token, so it matches as a whole.
 */
const documentOf = (title: string, fields: string): string =>
  `setweight(to_tsvector('simple', ${title}), 'A')
   || setweight(to_tsvector('simple', array_to_string(${values(fields, `e.key = ANY(${KEYS_SQL})`)}, ' ')), 'B')
   || setweight(to_tsvector('simple', array_to_string(${values(fields, `NOT (e.key = ANY(${KEYS_SQL}) OR e.key = ANY(${TITLES_SQL}))`)}, ' ')), 'C')`;

/**
 * A prefix query of every word of the text, all required (`acme:* & corp:*`): what was typed so
 * far finds the records it begins. Each lexeme is quoted, so no character of the text is tsquery
 * syntax; NULL when the text has no word at all (punctuation only), and then only exact keys and
 * trigrams can match.
 */
const PREFIX_QUERY = `SELECT to_tsquery('simple', string_agg('''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & ' ORDER BY lexeme))::text AS tsq
  FROM unnest(to_tsvector('simple', $1::text))`;

/**
 * How many records each kind of match hands to ranking at most. A query matching more (two letters
 * of a common name) ranks the first this many the index gives, not all of them: typing on narrows
 * it. Ranking, the document reads and row-level security then cost the same at any index size.
 */
export const SEARCH_CANDIDATES = 200;

const OF_TYPES = `($2::text[] IS NULL OR t.type = ANY($2::text[]))`;

/**
 * A candidate's score from its terms, computed where the candidate is found (the term row is read
 * there already): an exact email or domain 10, plus full-text rank and the title's trigram word similarity.
 */
const SCORE = `CASE WHEN t.keys @> ARRAY[lower($1::text)] THEN 10 ELSE 0 END
  + coalesce(ts_rank(t.document, $3::tsquery), 0) + word_similarity($1::text, t.title)`;

/**
 * An internal caller's candidates, each kind of match from its own index so that none waits for
 * another's: the exact email or domain (the keys' GIN index, equality on one element), the prefix
 * query (the vector's), and trigram similarity of the title (typos). Typos are looked for only when
 * nothing matched exactly and the words found fewer records than asked for: a trigram index scan
 * reads every title sharing a trigram with the text, and an exact email or enough word matches
 * are what the user meant.
 */
const CANDIDATES = `
  exact AS MATERIALIZED (SELECT t.type, t.id, ${SCORE} AS score FROM search_term t WHERE t.keys @> ARRAY[lower($1::text)] AND ${OF_TYPES} LIMIT $6),
  words AS MATERIALIZED (SELECT t.type, t.id, ${SCORE} AS score FROM search_term t WHERE t.document @@ $3::tsquery AND ${OF_TYPES} LIMIT $6),
  typos AS MATERIALIZED (
    SELECT t.type, t.id, ${SCORE} AS score FROM search_term t
    WHERE NOT EXISTS (SELECT 1 FROM exact) AND (SELECT count(*) FROM words) < $5 AND $1::text <% t.title AND ${OF_TYPES}
    LIMIT $6),
  candidate AS (SELECT * FROM exact UNION SELECT * FROM words UNION SELECT * FROM typos)`;

/**
 * A partner's candidates: its own documents (the partner index) and the customers it is linked to,
 * matched one by one. A partner has a few thousand documents at most, and starting from the whole
 * index's matches would let other partners' records fill the bounded candidates and crowd its own out.
 */
const PARTNER_CANDIDATES = `candidate AS MATERIALIZED (
  SELECT t.type, t.id, ${SCORE} AS score FROM (
    SELECT d.type, d.id FROM search_document d WHERE d.partner_id = $4::uuid
    UNION ALL
    SELECT '${SearchType.CUSTOMER}', l.customer_id FROM search_partner_customer l WHERE l.partner_id = $4::uuid
  ) d
  JOIN search_term t ON t.type = d.type AND t.id = d.id
  WHERE ${OF_TYPES}
    AND (t.keys @> ARRAY[lower($1::text)] OR t.document @@ $3::tsquery OR $1::text <% t.title)
  LIMIT $6)`;

/** The partner's own document, or a customer it is linked to (the explicit filter beside row-level security). */
const PARTNER_OWNS = `(d.partner_id = $4::uuid OR (d.type = '${SearchType.CUSTOMER}'
  AND EXISTS (SELECT 1 FROM search_partner_customer l WHERE l.partner_id = $4::uuid AND l.customer_id = d.id)))`;

/** SQL of the search index: documents kept in the consumer's transaction, their terms derived from them, read in the caller's. */
@Injectable()
export class SearchRepository {
  /**
   * Writes what the event says about the record, merged into what its document already holds, and
   * its terms. An older event than the document's last change (a lead's events move partitions
   * when it gains a customer) changes nothing.
   */
  async upsert(tx: Transaction, c: DocumentChange, at: Date): Promise<void> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO search_document (type, id, title, fields, partner_id, customer_id, changed_at)
       VALUES ($1::text, $2::uuid, coalesce($3::text, ''), $4::jsonb, $5::uuid, $6::uuid, $7::timestamptz)
       ON CONFLICT (type, id) DO UPDATE SET
         title = coalesce($3::text, search_document.title),
         fields = search_document.fields || EXCLUDED.fields,
         partner_id = EXCLUDED.partner_id,
         customer_id = EXCLUDED.customer_id,
         changed_at = EXCLUDED.changed_at
       WHERE search_document.changed_at <= EXCLUDED.changed_at
       RETURNING 1`,
      [c.type, c.id, c.title, JSON.stringify(c.fields), c.partnerId, c.customerId, at],
    );
    if (rows.length > 0) await this.reindex(tx, c.type, [c.id]);
  }

  async remove(tx: Transaction, type: SearchType, ids: string[]): Promise<void> {
    await tx.manager.query('DELETE FROM search_term WHERE type = $1 AND id = ANY($2::uuid[])', [type, ids]);
    await tx.manager.query('DELETE FROM search_document WHERE type = $1 AND id = ANY($2::uuid[])', [type, ids]);
  }

  /** A soft-deleted customer leaves search until it is restored. */
  async hide(tx: Transaction, type: SearchType, id: string, hidden: boolean): Promise<void> {
    await tx.manager.query('UPDATE search_document SET hidden = $3 WHERE type = $1 AND id = $2', [type, id, hidden]);
  }

  /** The partner works with the customer: its search finds the customer from now on. */
  async linkPartner(tx: Transaction, partnerId: string, customerId: string): Promise<void> {
    await tx.manager.query('INSERT INTO search_partner_customer (partner_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      partnerId,
      customerId,
    ]);
  }

  async unlinkPartner(tx: Transaction, partnerId: string, customerId: string): Promise<void> {
    await tx.manager.query('DELETE FROM search_partner_customer WHERE partner_id = $1 AND customer_id = $2', [partnerId, customerId]);
  }

  /** A merged customer's records now belong to the survivor, and so do its partners' links. */
  async moveToCustomer(tx: Transaction, fromCustomerId: string, toCustomerId: string): Promise<void> {
    await tx.manager.query(
      `WITH moved AS (DELETE FROM search_partner_customer WHERE customer_id = $1 RETURNING partner_id)
       INSERT INTO search_partner_customer (partner_id, customer_id) SELECT partner_id, $2 FROM moved ON CONFLICT DO NOTHING`,
      [fromCustomerId, toCustomerId],
    );
    await tx.manager.query(`UPDATE search_document SET customer_id = $2 WHERE customer_id = $1 AND type <> '${SearchType.CUSTOMER}'`, [
      fromCustomerId,
      toCustomerId,
    ]);
  }

  /**
   * Serialises the writes about one customer's documents until the transaction ends: its own
   * events and its contacts' come through different partitions at once, and each must see the
   * other's committed change, or the customer's document would miss a contact's email.
   */
  async lockCustomer(tx: Transaction, customerId: string): Promise<void> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('search-customer:' || $1::text))`, [customerId]);
  }

  /**
   * Puts the emails of each customer's contacts on the customer's document (`contactEmails`), so
   * a contact's email finds its customer too. Run after any change to a customer's contacts and
   * after the customer's own document is written, whichever event comes first.
   */
  async refreshContactEmails(tx: Transaction, customerIds: string[]): Promise<void> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [changed] = await tx.manager.query<[{ id: string }[], number]>(
      `UPDATE search_document d SET fields = n.f
       FROM (
         SELECT c.id, c.fields || jsonb_build_object('contactEmails', coalesce((
           SELECT jsonb_agg(DISTINCT lower(e) ORDER BY lower(e))
           FROM search_document p CROSS JOIN LATERAL jsonb_array_elements_text(p.fields->'emails') e
           WHERE p.type = '${SearchType.CONTACT}' AND p.customer_id = c.id), '[]'::jsonb)) AS f
         FROM search_document c WHERE c.type = '${SearchType.CUSTOMER}' AND c.id = ANY($1::uuid[])
       ) n
       WHERE d.type = '${SearchType.CUSTOMER}' AND d.id = n.id AND d.fields IS DISTINCT FROM n.f
       RETURNING d.id`,
      [customerIds],
    );
    if (changed.length > 0)
      await this.reindex(
        tx,
        SearchType.CUSTOMER,
        changed.map((r) => r.id),
      );
  }

  /** The documents' terms, derived from their title and fields. */
  private async reindex(tx: Transaction, type: SearchType, ids: string[]): Promise<void> {
    await tx.manager.query(
      `INSERT INTO search_term (type, id, title, keys, document)
       SELECT d.type, d.id, d.title, ${keysOf('d.fields')}, ${documentOf('d.title', 'd.fields')}
       FROM search_document d WHERE d.type = $1 AND d.id = ANY($2::uuid[])
       ON CONFLICT (type, id) DO UPDATE SET title = EXCLUDED.title, keys = EXCLUDED.keys, document = EXCLUDED.document`,
      [type, ids],
    );
  }

  /**
   * The best documents for the text, ranked: an exact email or domain first (10 points), then
   * full-text rank of the prefix query plus the title's trigram word similarity (typos). Ranking
   * reads only a bounded set of candidates (CANDIDATES, PARTNER_CANDIDATES), each kept only if its document passes the
   * caller's row-level security and the explicit partner filter, so nothing the caller may not read
   * is ranked, counted or answered.
   *
   * The candidates are scored and materialized before any document is read; documents are then read
   * by primary key, best candidate first, until `limit` pass (the sorted subquery is the nested
   * loop's outer side, so the LIMIT stops it): the planner estimates the row-level security policy
   * (`current_setting(...) = '*'`) to keep 10 of 500,000 documents and would otherwise scan every
   * document and probe the terms for each (8 s for an email at 100,000 customers; bench/search.bench.ts --explain).
   */
  async search(tx: Transaction, q: SearchQuery): Promise<SearchRow[]> {
    const [prefix] = await tx.manager.query<{ tsq: string | null }[]>(PREFIX_QUERY, [q.text]);
    const tsq = prefix?.tsq ?? null;
    return tx.manager.query<SearchRow[]>(
      `WITH ${q.partnerId ? PARTNER_CANDIDATES : CANDIDATES}
       SELECT d.type, d.id, round(d.score::numeric, 4)::float8 AS score,
         ARRAY(
           SELECT e.key FROM jsonb_each(d.fields) e
           CROSS JOIN LATERAL (
             SELECT array_agg(lower(v)) AS vs, string_agg(v, ' ') AS t
             FROM jsonb_array_elements_text(CASE jsonb_typeof(e.value) WHEN 'array' THEN e.value ELSE jsonb_build_array(e.value) END) v
           ) x
           WHERE x.t IS NOT NULL
             AND (lower($1::text) = ANY(x.vs) OR ($3::tsquery IS NOT NULL AND to_tsvector('simple', x.t) @@ $3::tsquery) OR (e.key = ANY(${TITLES_SQL}) AND $1::text <% x.t))
           ORDER BY e.key
         ) AS "matchedFields"
       FROM (
         SELECT c.type, c.id, c.score, d.fields
         FROM (SELECT * FROM candidate ORDER BY score DESC, type, id) c
         CROSS JOIN LATERAL (
           SELECT d.fields FROM search_document d
           WHERE d.type = c.type AND d.id = c.id AND NOT d.hidden AND ($4::uuid IS NULL OR ${PARTNER_OWNS})
         ) d
         LIMIT $5
       ) d
       ORDER BY d.score DESC, d.type, d.id`,
      [q.text, q.types, tsq, q.partnerId, q.limit, SEARCH_CANDIDATES],
    );
  }
}
