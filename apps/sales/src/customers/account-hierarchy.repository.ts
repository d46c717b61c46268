import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

export interface RollupRow {
  root_id: string;
  accounts: number;
  open_count: number;
  open_amount: string;
  won_count: number;
  won_amount: string;
}

/** A bound on the hierarchy's depth, so even a corrupt (cyclic) tree cannot make a query recurse forever. */
export const HIERARCHY_DEPTH_MAX = 20;

/** The account hierarchy: parent links walked with recursive CTEs, one statement whatever the depth. */
@Injectable()
export class AccountHierarchyRepository {
  /**
   * Serialises changes of parent, so two concurrent moves (A under B, B under A) cannot each pass
   * the cycle check and together make a cycle. Held to the end of the transaction.
   */
  async lockHierarchy(tx: Transaction): Promise<void> {
    await tx.manager.query("SELECT pg_advisory_xact_lock(hashtext('sales.customer_hierarchy'))");
  }

  /** Whether `candidateId` is `customerId` or one of its descendants: making it the parent would close a cycle. */
  async isSelfOrDescendant(tx: Transaction, customerId: string, candidateId: string): Promise<boolean> {
    const rows = await tx.manager.query<{ found: boolean }[]>(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM customer WHERE id = $2
         UNION ALL
         SELECT c.id, c.parent_id, up.depth + 1 FROM customer c JOIN up ON c.id = up.parent_id WHERE up.depth < $3
       )
       SELECT EXISTS (SELECT 1 FROM up WHERE id = $1) AS found`,
      [customerId, candidateId, HIERARCHY_DEPTH_MAX],
    );
    return rows[0]!.found;
  }

  /**
   * Per root account, over it and every live account below it: how many accounts, the open
   * pipeline and the won revenue in `currency`. One statement for any number of roots; the
   * opportunity rows stay in the database, and row-level security scopes them as everywhere.
   */
  rollups(tx: Transaction, rootIds: readonly string[], currency: string): Promise<RollupRow[]> {
    return tx.manager.query<RollupRow[]>(
      `WITH RECURSIVE tree AS (
         SELECT id AS root_id, id, 0 AS depth FROM customer WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL
         UNION ALL
         SELECT t.root_id, c.id, t.depth + 1 FROM customer c JOIN tree t ON c.parent_id = t.id
         WHERE c.deleted_at IS NULL AND t.depth < $3
       )
       SELECT t.root_id,
              count(DISTINCT t.id)::int AS accounts,
              count(o.id) FILTER (WHERE o.status = 'OPEN')::int AS open_count,
              coalesce(sum(o.amount) FILTER (WHERE o.status = 'OPEN'), 0)::text AS open_amount,
              count(o.id) FILTER (WHERE o.status = 'WON')::int AS won_count,
              coalesce(sum(o.amount) FILTER (WHERE o.status = 'WON'), 0)::text AS won_amount
       FROM tree t
       LEFT JOIN opportunity o ON o.customer_id = t.id AND o.currency = $2
       GROUP BY t.root_id`,
      [rootIds, currency, HIERARCHY_DEPTH_MAX],
    );
  }
}
