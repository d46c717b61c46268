import type { Transaction } from '@crm/database';
import { KeysetCursors } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { OPEN_STATUSES, type CaseChannel, type CaseType } from '../cases/case.enums';
import { QueueMemberEntity } from './queue-member.entity';
import { QueueEntity } from './queue.entity';
import { RoutingRuleEntity } from './routing-rule.entity';

/** Queues by name. */
export const QUEUE_CURSORS = new KeysetCursors('queues', { NAME_ASC: { name: 'string', id: 'uuid' } });

/** A queue's name and the users who work it, as an escalation names them. */
export interface QueueCrew {
  name: string;
  memberIds: string[];
}

/** What routing looks at on a new case. */
export interface RoutableCase {
  type: CaseType;
  channel: CaseChannel;
  productId: string | null;
  customerTier: number | null;
}

@Injectable()
export class QueueRepository {
  constructor(@InjectRepository(QueueEntity) private readonly repo: Repository<QueueEntity>) {}

  /** false when the name is taken. */
  async insert(tx: Transaction, queue: QueueEntity): Promise<boolean> {
    const rows = await tx.manager.query<unknown[]>(
      `INSERT INTO queue (id, name, routing_mode, last_assignee_id, created_at) VALUES ($1, $2, $3, NULL, $4)
       ON CONFLICT (name) DO NOTHING RETURNING id`,
      [queue.id, queue.name, queue.routingMode, queue.createdAt],
    );
    return rows.length > 0;
  }

  findById(id: string): Promise<QueueEntity | null> {
    return this.repo.findOneBy({ id });
  }

  /** The ids among `ids` that name no queue. */
  async missing(tx: Transaction, ids: readonly string[]): Promise<string[]> {
    const rows = await tx.manager.query<{ id: string }[]>('SELECT id FROM queue WHERE id = ANY($1::uuid[])', [ids]);
    const found = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !found.has(id));
  }

  /** The queue, locked until the transaction ends: routings to one queue take their turns one at a time. */
  lockForRouting(tx: Transaction, id: string): Promise<QueueEntity | null> {
    return tx.manager.getRepository(QueueEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async setMembers(tx: Transaction, queueId: string, userIds: readonly string[], at: Date): Promise<void> {
    await tx.manager.query('DELETE FROM queue_member WHERE queue_id = $1 AND NOT (user_id = ANY($2::uuid[]))', [queueId, userIds]);
    await tx.manager.query(
      `INSERT INTO queue_member (queue_id, user_id, added_at) SELECT $1, u, $3 FROM unnest($2::uuid[]) AS u ON CONFLICT DO NOTHING`,
      [queueId, userIds, at],
    );
  }

  /** The members of each queue, in one statement for any number of queues. */
  membersByQueueIds(queueIds: readonly string[]): Promise<QueueMemberEntity[]> {
    return this.repo.manager
      .getRepository(QueueMemberEntity)
      .createQueryBuilder('m')
      .where('m.queueId = ANY(:ids)', { ids: queueIds })
      .orderBy('m.queueId')
      .addOrderBy('m.userId')
      .getMany();
  }

  /** The name and members of each queue, in the transaction, in one statement for any number of queues. */
  async crews(tx: Transaction, queueIds: readonly string[]): Promise<Map<string, QueueCrew>> {
    const rows = await tx.manager.query<{ id: string; name: string; member_ids: string[] }[]>(
      `SELECT q.id, q.name, coalesce(array_agg(m.user_id ORDER BY m.user_id) FILTER (WHERE m.user_id IS NOT NULL), '{}') AS member_ids
       FROM queue q LEFT JOIN queue_member m ON m.queue_id = q.id
       WHERE q.id = ANY($1::uuid[])
       GROUP BY q.id`,
      [queueIds],
    );
    return new Map(rows.map((r) => [r.id, { name: r.name, memberIds: r.member_ids }]));
  }

  page(after: { name: string; id: string } | null, limit: number): Promise<QueueEntity[]> {
    const qb = this.repo.createQueryBuilder('q');
    if (after) qb.where('(q.name, q.id) > (:name, :id)', after);
    return qb.orderBy('q.name', 'ASC').addOrderBy('q.id', 'ASC').limit(limit).getMany();
  }

  async replaceRules(tx: Transaction, rules: RoutingRuleEntity[]): Promise<void> {
    await tx.manager.query('DELETE FROM routing_rule');
    if (rules.length) await tx.manager.getRepository(RoutingRuleEntity).insert(rules);
  }

  rules(): Promise<RoutingRuleEntity[]> {
    return this.repo.manager.getRepository(RoutingRuleEntity).find({ order: { position: 'ASC' } });
  }

  /** The queue of the first rule, by position, whose conditions all match. */
  async firstMatch(tx: Transaction, c: RoutableCase): Promise<string | null> {
    const [row] = await tx.manager.query<{ queue_id: string }[]>(
      `SELECT queue_id FROM routing_rule
       WHERE (case_type IS NULL OR case_type = $1) AND (channel IS NULL OR channel = $2) AND (product_id IS NULL OR product_id = $3)
         AND (customer_tier IS NULL OR customer_tier = $4)
       ORDER BY position LIMIT 1`,
      [c.type, c.channel, c.productId, c.customerTier],
    );
    return row?.queue_id ?? null;
  }

  /** ROUND_ROBIN: the member after `last` in user id order, wrapping around; null for a queue without members. */
  async nextInTurn(tx: Transaction, queueId: string, last: string | null): Promise<string | null> {
    const [row] = await tx.manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM queue_member WHERE queue_id = $1
       ORDER BY (user_id <= coalesce($2, '00000000-0000-0000-0000-000000000000'::uuid)), user_id LIMIT 1`,
      [queueId, last],
    );
    return row?.user_id ?? null;
  }

  /** LEAST_OPEN: the member with the fewest open cases anywhere, the earliest added on a tie. */
  async leastOpen(tx: Transaction, queueId: string): Promise<string | null> {
    const [row] = await tx.manager.query<{ user_id: string }[]>(
      `SELECT m.user_id FROM queue_member m
       LEFT JOIN support_case c ON c.assignee_id = m.user_id AND c.status = ANY($2::text[])
       WHERE m.queue_id = $1
       GROUP BY m.user_id, m.added_at
       ORDER BY count(c.id), m.added_at, m.user_id LIMIT 1`,
      [queueId, OPEN_STATUSES],
    );
    return row?.user_id ?? null;
  }

  async setLastAssignee(tx: Transaction, queueId: string, userId: string): Promise<void> {
    await tx.manager.query('UPDATE queue SET last_assignee_id = $2 WHERE id = $1', [queueId, userId]);
  }
}
