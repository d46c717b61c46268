import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, NotFoundError } from '@crm/domain';
import { groupByKeys, pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { ProductReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import type { QueueEntity } from './queue.entity';
import { RoutingMode } from './queue.enums';
import type { CreateQueueInput, QueuesArgs, SetQueueMembersInput, SetRoutingRulesInput } from './queue.input';
import { QUEUE_CURSORS, QueueRepository, type QueueCrew, type RoutableCase } from './queue.repository';
import type { RoutingRuleEntity } from './routing-rule.entity';

/** Where a new case goes and who gets it. */
export interface Routing {
  queueId: string | null;
  assigneeId: string | null;
}

@Injectable()
export class QueueService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queues: QueueRepository,
    private readonly products: ProductReferences,
  ) {}

  create(caller: Identity, input: CreateQueueInput): Promise<QueueEntity> {
    const queue: QueueEntity = {
      id: randomUUID(),
      name: input.name,
      routingMode: input.routingMode,
      lastAssigneeId: null,
      createdAt: new Date(),
    };
    return this.uow.run(caller, async (tx) => {
      if (!(await this.queues.insert(tx, queue))) throw new ConflictError('name', `a queue named "${input.name}" already exists`);
      await this.queues.setMembers(tx, queue.id, [...new Set(input.memberIds)], queue.createdAt);
      return queue;
    });
  }

  setMembers(caller: Identity, input: SetQueueMembersInput): Promise<QueueEntity> {
    return this.uow.run(caller, async (tx) => {
      const queue = await this.queues.lockForRouting(tx, input.queueId);
      if (!queue) throw new NotFoundError('Queue', input.queueId, 'queueId');
      await this.queues.setMembers(tx, queue.id, [...new Set(input.memberIds)], new Date());
      return queue;
    });
  }

  /** Replaces every rule at once, so the order is always the one a caller set; a rule naming an unknown queue or product writes nothing. */
  async setRules(caller: Identity, input: SetRoutingRulesInput, credential: CallerCredential): Promise<RoutingRuleEntity[]> {
    // Products are checked before the transaction: no connection is held while sales is asked.
    for (const [i, rule] of input.rules.entries()) {
      if (rule.productId) await this.products.check(rule.productId, `rules.${i}.productId`, credential);
    }
    const rules: RoutingRuleEntity[] = input.rules.map((r, position) => ({
      id: randomUUID(),
      position,
      queueId: r.queueId,
      caseType: r.caseType ?? null,
      channel: r.channel ?? null,
      productId: r.productId ?? null,
      customerTier: r.customerTier ?? null,
    }));
    return this.uow.run(caller, async (tx) => {
      const missing = new Set(await this.queues.missing(tx, [...new Set(rules.map((r) => r.queueId))]));
      const bad = rules.find((r) => missing.has(r.queueId));
      if (bad) throw new NotFoundError('Queue', bad.queueId, `rules.${bad.position}.queueId`);
      await this.queues.replaceRules(tx, rules);
      return rules;
    });
  }

  /**
   * Routes a new case inside its opening transaction: the queue named, else the first matching
   * rule's; and an assignee from that queue by its routing mode, unless one was named.
   */
  async route(tx: Transaction, c: RoutableCase, named: { queueId?: string | null; assigneeId?: string | null }): Promise<Routing> {
    const queueId = named.queueId ?? (await this.queues.firstMatch(tx, c));
    if (!queueId) return { queueId: null, assigneeId: named.assigneeId ?? null };
    const queue = await this.queues.lockForRouting(tx, queueId);
    if (!queue) throw new NotFoundError('Queue', queueId, 'queueId');
    if (named.assigneeId) return { queueId, assigneeId: named.assigneeId };
    const assigneeId =
      queue.routingMode === RoutingMode.LEAST_OPEN
        ? await this.queues.leastOpen(tx, queueId)
        : await this.queues.nextInTurn(tx, queueId, queue.lastAssigneeId);
    if (assigneeId) await this.queues.setLastAssignee(tx, queueId, assigneeId);
    return { queueId, assigneeId };
  }

  /** NOT_FOUND on `field` unless the queue exists. */
  async mustExist(tx: Transaction, queueId: string, field: string): Promise<void> {
    if ((await this.queues.missing(tx, [queueId])).length) throw new NotFoundError('Queue', queueId, field);
  }

  /** Each queue's name and members, read in `tx`; a queue that does not exist is left out. */
  crews(tx: Transaction, queueIds: readonly string[]): Promise<Map<string, QueueCrew>> {
    return queueIds.length ? this.queues.crews(tx, queueIds) : Promise.resolve(new Map<string, QueueCrew>());
  }

  findById(id: string): Promise<QueueEntity | null> {
    return this.queues.findById(id);
  }

  async page(args: QueuesArgs): Promise<ConnectionShape<QueueEntity>> {
    const size = pageSize(args.first);
    const after = args.after ? QUEUE_CURSORS.decode('NAME_ASC', args.after) : null;
    const rows = await this.queues.page(after, size + 1);
    return toConnection(
      rows,
      size,
      (q) => QUEUE_CURSORS.encode('NAME_ASC', q),
      (q) => q,
    );
  }

  rules(): Promise<RoutingRuleEntity[]> {
    return this.queues.rules();
  }

  /** For DataLoader: each queue's member user ids, in the order of `queueIds`. */
  async memberIdsByQueueIds(queueIds: readonly string[]): Promise<string[][]> {
    const rows = await this.queues.membersByQueueIds(queueIds);
    return groupByKeys(queueIds, rows, (m) => m.queueId).map((list) => list.map((m) => m.userId));
  }
}
