import { notAfter } from './event-order';

/**
 * SQL: the source (WEB_FORM, EVENT...) of the lead whose conversion opened the deal `opportunity`
 * (an SQL expression), as it was when the lead was converted: its latest capture or edit at or before
 * the conversion, by marketing's commit order (business time for events from before sequences). An
 * edit after the conversion does not move the deal. Null for a deal no conversion opened. Read from
 * the facts when asked, so the order the lead's and the conversion's partitions arrive in does not matter.
 */
export const sourceAtConversionSql = (opportunity: string): string =>
  `(SELECT s.source FROM warehouse.lead_conversion c
      CROSS JOIN LATERAL (
        SELECT s.source FROM warehouse.lead_source_change s
        WHERE s.lead_id = c.lead_id
          AND ${notAfter({ producer: 's.producer', sequence: 's.sequence', at: 's.changed_at' }, { producer: 'c.producer', sequence: 'c.sequence', at: 'c.converted_at' })}
        -- Changes with a sequence were committed after any without one (sequences came later).
        ORDER BY s.sequence DESC NULLS LAST, s.changed_at DESC, s.event_id DESC LIMIT 1) s
    WHERE c.opportunity_id = ${opportunity} ORDER BY c.converted_at, c.lead_id LIMIT 1)`;
