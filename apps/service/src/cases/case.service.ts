import { occurredAt, SYSTEM_IDENTITY, type Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import {
  CaseAssigned,
  CaseMerged,
  CaseOpened,
  CaseReplied,
  CasesRelated,
  CaseStatusChanged,
  CaseUpdatedV2,
  changesOf,
} from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid, pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { ContactReferences, CustomerReferences, ProductReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import type { CaseMessageEntity } from './case-message.entity';
import { closedAtAfter, resolvedAtAfter, transitionRefusal } from './case-transitions';
import type { CaseEntity } from './case.entity';
import { CaseChannel, CaseStatus, CaseType, priorityRank } from './case.enums';
import type {
  CasesArgs,
  CaseThreadArgs,
  ChangeCaseStatusInput,
  MergeCasesInput,
  OpenCaseInput,
  PostCaseMessageInput,
  RelateCasesInput,
  UpdateCaseInput,
} from './case.input';
import { CustomerTierRepository } from '../customer-tiers/customer-tier.repository';
import { QueueService } from '../queues/queue.service';
import { RETURNS_PER_CASE_MAX } from '../returns/return.enums';
import { CaseSatisfactionService } from '../satisfaction/case-satisfaction.service';
import { SlaService } from '../sla/sla.service';
import { CASE_CURSORS, CaseRepository, THREAD_CURSORS } from './case.repository';
import { isPortalContact } from './portal-contact';

/** Cases listed on a customer: the newest ones, bounded so a customer with thousands stays cheap. */
export const CASES_PER_CUSTOMER = 100;

/** Related cases a case may have, so `relatedCases` stays a bounded list. */
export const RELATED_CASES_MAX = 50;

/** The fields updateCase may change besides the assignee, in the order `changed` lists them. */
const UPDATABLE = ['subject', 'description', 'type', 'channel', 'priority', 'productId', 'contactId', 'queueId'] as const;

/** What every case event says about its case. */
const caseRef = (c: CaseEntity) => ({ caseId: c.id, customerId: c.customerId, subject: c.subject, productId: c.productId });

@Injectable()
export class CaseService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseRepository,
    private readonly events: EventPublisher,
    private readonly customers: CustomerReferences,
    private readonly products: ProductReferences,
    private readonly contacts: ContactReferences,
    private readonly queues: QueueService,
    private readonly sla: SlaService,
    private readonly satisfaction: CaseSatisfactionService,
    private readonly tiers: CustomerTierRepository,
  ) {}

  /**
   * The customer must exist in sales (a merged-away id opens the case on the survivor), and so must
   * the product; the contact must be one of that customer's.
   */
  async open(caller: Identity, input: OpenCaseInput, credential: CallerCredential): Promise<CaseEntity> {
    const portal = isPortalContact(caller);
    if (portal) input = portalCase(caller, input);
    const now = occurredAt(caller, input.occurredAt, 'occurredAt');
    // Checked before the transaction: no connection is held while sales is asked. A portal
    // contact's customer and contact come from its signed token: there is nothing to ask.
    const customerId = portal ? input.customerId : await this.customers.resolve(input.customerId, 'customerId', credential);
    if (input.productId) await this.products.check(input.productId, 'productId', credential);
    if (input.contactId && !portal) await this.contacts.check(input.contactId, customerId, 'contactId', credential);
    const supportCase: CaseEntity = {
      id: randomUUID(),
      customerId,
      subject: input.subject,
      description: input.description ? input.description : null,
      type: input.type,
      channel: input.channel,
      priority: input.priority,
      priorityRank: priorityRank(input.priority),
      status: CaseStatus.NEW,
      productId: input.productId ?? null,
      contactId: input.contactId ?? null,
      queueId: null,
      customerTier: null,
      assigneeId: null,
      mergedIntoId: null,
      firstResponseDueAt: null,
      resolutionDueAt: null,
      firstRespondedAt: null,
      slaPausedAt: null,
      firstResponseBreachedAt: null,
      resolutionBreachedAt: null,
      escalationLevel: 0,
      openedAt: now,
      updatedAt: now,
      closedAt: null,
      resolvedAt: null,
    };
    // A portal contact's case is routed as platform work: least-open routing counts every
    // customer's cases, which the contact's own scope would hide. Its customer was fixed above.
    return this.uow.run(portal ? SYSTEM_IDENTITY : caller, async (tx) => {
      // The tier as sales' events last gave it: rules and policies match on the tier the case opens under.
      supportCase.customerTier = await this.tiers.tierOf(tx, customerId);
      // Routed in the same transaction: the case never exists without its queue and assignee.
      Object.assign(supportCase, await this.queues.route(tx, supportCase, { queueId: input.queueId, assigneeId: input.assigneeId }));
      Object.assign(supportCase, await this.sla.targets(tx, supportCase.priority, supportCase.customerTier, now));
      await this.cases.insert(tx, supportCase);
      await this.events.publish(
        tx,
        CaseOpened,
        {
          caseId: supportCase.id,
          customerId: supportCase.customerId,
          subject: supportCase.subject,
          priority: supportCase.priority,
          status: supportCase.status,
          openedAt: now.toISOString(),
          productId: supportCase.productId,
          queueId: supportCase.queueId,
        },
        now,
      );
      if (supportCase.assigneeId) await this.publishAssigned(tx, supportCase, null, now);
      return supportCase;
    });
  }

  /**
   * Changes what is given; an update that changes nothing writes nothing and publishes nothing. A
   * new priority counts the running SLA targets again under its policy, and the event names them.
   */
  async update(caller: Identity, input: UpdateCaseInput, credential: CallerCredential): Promise<CaseEntity> {
    if (input.productId) await this.products.check(input.productId, 'productId', credential);
    if (input.contactId) {
      // A case never changes customer, so the one read before the transaction is the one it will have.
      const current = await this.findById(caller, input.id);
      if (!current) throw new NotFoundError('Case', input.id, 'id');
      await this.contacts.check(input.contactId, current.customerId, 'contactId', credential);
    }
    return this.uow.run(caller, async (tx) => {
      const existing = await this.lockLive(tx, input.id, 'id');
      if (input.queueId) await this.queues.mustExist(tx, input.queueId, 'queueId');
      const wanted: Partial<CaseEntity> = {
        subject: input.subject,
        description: input.description === undefined ? undefined : input.description || null,
        type: input.type,
        channel: input.channel,
        priority: input.priority,
        productId: input.productId,
        contactId: input.contactId,
        queueId: input.queueId,
      };
      const changed = UPDATABLE.filter((f) => wanted[f] !== undefined && wanted[f] !== existing[f]);
      const reassigned = input.assigneeId !== undefined && input.assigneeId !== existing.assigneeId;
      if (!changed.length && !reassigned) return existing;
      const now = new Date();
      const patch: Partial<CaseEntity> = { updatedAt: now };
      for (const f of changed) Object.assign(patch, { [f]: wanted[f] });
      const dueChanged: ('firstResponseDueAt' | 'resolutionDueAt')[] = [];
      if (patch.priority) {
        patch.priorityRank = priorityRank(patch.priority);
        const due = await this.sla.reprioritised(tx, existing, patch.priority);
        for (const f of ['firstResponseDueAt', 'resolutionDueAt'] as const) {
          if (due[f]?.getTime() !== existing[f]?.getTime()) {
            patch[f] = due[f];
            dueChanged.push(f);
          }
        }
      }
      if (reassigned) patch.assigneeId = input.assigneeId ?? null;
      await this.cases.update(tx, existing.id, patch);
      const updated = { ...existing, ...patch };
      if (changed.length) {
        const fields = [...changed, ...dueChanged];
        await this.events.publish(tx, CaseUpdatedV2, {
          ...caseRef(updated),
          changed: fields,
          // Old and new value of each field, for the audit trail.
          changes: changesOf(existing, Object.fromEntries(fields.map((f) => [f, updated[f]])) as Partial<CaseEntity>),
          updatedBy: caller.userId,
          priority: updated.priority,
          ...(dueChanged.length
            ? {
                firstResponseDueAt: updated.firstResponseDueAt?.toISOString() ?? null,
                resolutionDueAt: updated.resolutionDueAt?.toISOString() ?? null,
              }
            : {}),
          updatedAt: now.toISOString(),
        });
      }
      if (reassigned) await this.publishAssigned(tx, updated, existing.assigneeId, now);
      return updated;
    });
  }

  /** Moves a case; resolving it offers its contact a satisfaction survey, whose link goes out once this commits. */
  async changeStatus(caller: Identity, input: ChangeCaseStatusInput): Promise<CaseEntity> {
    const { moved, survey } = await this.uow.run(caller, async (tx) => {
      const existing = await this.lockLive(tx, input.caseId, 'caseId');
      const refusal = transitionRefusal(existing.status, input.status);
      if (refusal) throw new InvalidError('status', refusal);
      const now = new Date();
      const patch: Partial<CaseEntity> = {
        status: input.status,
        updatedAt: now,
        closedAt: closedAtAfter(input.status, now),
        resolvedAt: resolvedAtAfter(existing.resolvedAt, input.status, now),
      };
      // Waiting on the customer (PENDING) stops the SLA clock; leaving it gives back the time left.
      if (input.status === CaseStatus.PENDING) patch.slaPausedAt = now;
      else if (existing.slaPausedAt) Object.assign(patch, await this.sla.resumed(tx, existing, now), { slaPausedAt: null });
      await this.cases.update(tx, existing.id, patch);
      await this.events.publish(tx, CaseStatusChanged, {
        caseId: existing.id,
        customerId: existing.customerId,
        subject: existing.subject,
        from: existing.status,
        to: input.status,
        changedAt: now.toISOString(),
        productId: existing.productId,
      });
      const moved = { ...existing, ...patch };
      return { moved, survey: input.status === CaseStatus.RESOLVED ? await this.satisfaction.offer(tx, moved, now) : null };
    });
    this.satisfaction.send(survey);
    return moved;
  }

  /** A reply to the customer or an internal note, by the caller; a CLOSED case must be reopened first. */
  postMessage(caller: Identity, input: PostCaseMessageInput): Promise<CaseMessageEntity> {
    const portal = isPortalContact(caller);
    if (portal && input.internal) throw new InvalidError('internal', 'a customer cannot post internal notes');
    return this.uow.run(caller, async (tx) => {
      const existing = await this.lockLive(tx, input.caseId, 'caseId');
      if (existing.status === CaseStatus.CLOSED) {
        throw new ConflictError('caseId', `case ${existing.id} is CLOSED: reopen it before posting to its thread`);
      }
      const message: CaseMessageEntity = {
        id: randomUUID(),
        caseId: existing.id,
        internal: input.internal,
        body: input.body,
        authorId: caller.userId,
        postedAt: new Date(),
      };
      await this.cases.insertMessage(tx, message);
      // The first reply to the customer meets the first-response target (a note does not, nor the customer's own message).
      const answered = !message.internal && !portal && !existing.firstRespondedAt;
      await this.cases.update(tx, existing.id, {
        updatedAt: message.postedAt,
        ...(answered ? { firstRespondedAt: message.postedAt } : {}),
      });
      await this.events.publish(tx, CaseReplied, {
        ...caseRef(existing),
        messageId: message.id,
        internal: message.internal,
        authorId: message.authorId,
        postedAt: message.postedAt.toISOString(),
      });
      return message;
    });
  }

  /** Links two cases (of any customers) both ways; linking them again changes nothing. */
  relate(caller: Identity, input: RelateCasesInput): Promise<CaseEntity> {
    if (input.caseId === input.relatedCaseId) throw new InvalidError('relatedCaseId', 'a case cannot be related to itself');
    return this.uow.run(caller, async (tx) => {
      const [one, other] = await this.lockPair(tx, [input.caseId, 'caseId'], [input.relatedCaseId, 'relatedCaseId']);
      for (const [c, field] of [
        [one, 'caseId'],
        [other, 'relatedCaseId'],
      ] as const) {
        if ((await this.cases.relationCount(tx, c.id)) >= RELATED_CASES_MAX) {
          throw new ConflictError(field, `case ${c.id} already has ${RELATED_CASES_MAX} related cases, the most it may have`);
        }
      }
      const now = new Date();
      if (await this.cases.relate(tx, one.id, other.id, now)) {
        // One event per side: each customer's timeline (and event order) sees its own case.
        await this.events.publish(tx, CasesRelated, { ...caseRef(one), relatedCaseId: other.id, relatedAt: now.toISOString() });
        await this.events.publish(tx, CasesRelated, { ...caseRef(other), relatedCaseId: one.id, relatedAt: now.toISOString() });
      }
      return one;
    });
  }

  /**
   * Merges a duplicate into a case of the same customer: its thread, relations and returns move, and
   * it is CLOSED. Returns live on RETURN cases, at most RETURNS_PER_CASE_MAX each, so a duplicate with
   * returns merges only into a RETURN case with room for them.
   */
  merge(caller: Identity, input: MergeCasesInput): Promise<CaseEntity> {
    if (input.duplicateId === input.intoId) throw new InvalidError('intoId', 'a case cannot be merged into itself');
    return this.uow.run(caller, async (tx) => {
      const [duplicate, survivor] = await this.lockPair(tx, [input.duplicateId, 'duplicateId'], [input.intoId, 'intoId']);
      if (duplicate.customerId !== survivor.customerId) {
        throw new InvalidError('intoId', `case ${survivor.id} belongs to another customer; only a customer's own cases can be merged`);
      }
      const returns = await this.cases.returnCounts(tx, [duplicate.id, survivor.id]);
      const moving = returns.get(duplicate.id) ?? 0;
      if (moving && survivor.type !== CaseType.RETURN) {
        throw new InvalidError(
          'intoId',
          `case ${duplicate.id} has returns, which live on RETURN cases; case ${survivor.id} is a ${survivor.type} case`,
        );
      }
      if (moving + (returns.get(survivor.id) ?? 0) > RETURNS_PER_CASE_MAX) {
        throw new ConflictError(
          'intoId',
          `case ${survivor.id} would have more than ${RETURNS_PER_CASE_MAX} returns, the most a case may have`,
        );
      }
      const now = new Date();
      const movedReturnIds = await this.cases.moveToSurvivor(tx, duplicate.id, survivor.id);
      const closed = {
        status: CaseStatus.CLOSED,
        closedAt: duplicate.closedAt ?? now,
        resolvedAt: resolvedAtAfter(duplicate.resolvedAt, CaseStatus.CLOSED, now),
        mergedIntoId: survivor.id,
        updatedAt: now,
      };
      await this.cases.update(tx, duplicate.id, closed);
      await this.cases.update(tx, survivor.id, { updatedAt: now });
      await this.events.publish(tx, CaseMerged, {
        ...caseRef(survivor),
        duplicateId: duplicate.id,
        duplicateSubject: duplicate.subject,
        movedReturnIds,
        mergedAt: now.toISOString(),
      });
      if (duplicate.status !== CaseStatus.CLOSED) {
        await this.events.publish(tx, CaseStatusChanged, {
          caseId: duplicate.id,
          customerId: duplicate.customerId,
          subject: duplicate.subject,
          from: duplicate.status,
          to: CaseStatus.CLOSED,
          changedAt: now.toISOString(),
          productId: duplicate.productId,
        });
      }
      return { ...survivor, updatedAt: now };
    });
  }

  /** Reads run in the caller's transaction too, so row-level security scopes a portal contact's reads. */
  findById(caller: Identity, id: string): Promise<CaseEntity | null> {
    return this.uow.run(caller, (tx) => this.cases.findById(tx, id));
  }

  /** For DataLoader (`_entities`): cases in the order asked, null for none, or one the caller may not read. */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(CaseEntity | null)[]> {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await this.uow.run(caller, (tx) => this.cases.findByIds(tx, valid)) : [];
    const byId = new Map(rows.map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(caller: Identity, args: CasesArgs): Promise<ConnectionShape<CaseEntity>> {
    return CASE_CURSORS.page(args, (q) => this.uow.run(caller, (tx) => this.cases.page(tx, { ...q, filter: args.filter ?? {} })));
  }

  /** A case's thread, oldest first (replies only, for a portal contact); NOT_FOUND on caseId for a case that does not exist. */
  async thread(caller: Identity, args: CaseThreadArgs): Promise<ConnectionShape<CaseMessageEntity>> {
    const after = args.after ? THREAD_CURSORS.decode('POSTED_AT_ASC', args.after) : null;
    const size = pageSize(args.first);
    const rows = await this.uow.run(caller, async (tx) => {
      if (!(await this.cases.findById(tx, args.caseId))) throw new NotFoundError('Case', args.caseId, 'caseId');
      return this.cases.thread(tx, args.caseId, after, size + 1);
    });
    return toConnection(
      rows,
      size,
      (m) => THREAD_CURSORS.encode('POSTED_AT_ASC', m),
      (m) => m,
    );
  }

  /** For DataLoader: the related cases of each case, in the order of `caseIds`. */
  async relatedByCaseIds(caller: Identity, caseIds: readonly string[]): Promise<CaseEntity[][]> {
    const rows = await this.uow.run(caller, (tx) => this.cases.relatedByCaseIds(tx, caseIds.filter(isUuid)));
    return groupByKeys(caseIds, rows, (r) => r.relatedTo).map((list) => list.map((r) => r.supportCase));
  }

  /** For DataLoader: the newest cases of each customer, in the order of `customerIds`. */
  async newestByCustomerIds(caller: Identity, customerIds: readonly string[]): Promise<CaseEntity[][]> {
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.uow.run(caller, (tx) => this.cases.newestByCustomerIds(tx, ids, CASES_PER_CUSTOMER)) : [];
    return groupByKeys(customerIds, rows, (c) => c.customerId);
  }

  /** For DataLoader: how many cases of each customer are not RESOLVED or CLOSED, 0 for none. */
  async openCountsByCustomerIds(caller: Identity, customerIds: readonly string[]): Promise<number[]> {
    // An id that is not a UUID names no customer: it has no cases, and must not fail the batch.
    const ids = customerIds.filter(isUuid);
    const counts = ids.length ? await this.uow.run(caller, (tx) => this.cases.openCountsByCustomerIds(tx, ids)) : new Map<string, number>();
    return customerIds.map((id) => counts.get(id) ?? 0);
  }

  /** The case, locked for this transaction; NOT_FOUND on `field`, or CONFLICT when it was merged away (it lives on elsewhere). */
  async lockLive(tx: Transaction, id: string, field: string): Promise<CaseEntity> {
    const found = await this.cases.findByIdForUpdate(tx, id);
    if (!found) throw new NotFoundError('Case', id, field);
    if (found.mergedIntoId) {
      throw new ConflictError(field, `case ${id} was merged into case ${found.mergedIntoId}; work on that one`);
    }
    return found;
  }

  /** Two cases locked in id order, so two transactions locking the same pair cannot deadlock. */
  private async lockPair(tx: Transaction, a: [string, string], b: [string, string]): Promise<[CaseEntity, CaseEntity]> {
    const [first, second] = a[0] < b[0] ? [a, b] : [b, a];
    const lockedFirst = await this.lockLive(tx, ...first);
    const lockedSecond = await this.lockLive(tx, ...second);
    return first === a ? [lockedFirst, lockedSecond] : [lockedSecond, lockedFirst];
  }

  private async publishAssigned(tx: Transaction, c: CaseEntity, previousAssigneeId: string | null, at: Date): Promise<void> {
    await this.events.publish(
      tx,
      CaseAssigned,
      {
        ...caseRef(c),
        assigneeId: c.assigneeId,
        previousAssigneeId,
        queueId: c.queueId,
        assignedAt: at.toISOString(),
      },
      at,
    );
  }
}

/**
 * What a portal contact may open: a case of its own customer (another customer answers as one that
 * does not exist), raised by itself, through the PORTAL channel; support picks the queue, assignee
 * and product.
 */
function portalCase(caller: Identity & { customerId: string; contactId: string }, input: OpenCaseInput): OpenCaseInput {
  if (input.customerId !== caller.customerId) throw new NotFoundError('Customer', input.customerId, 'customerId');
  if (input.contactId && input.contactId !== caller.contactId) {
    throw new InvalidError('contactId', 'a customer opens cases as its own contact');
  }
  for (const field of ['queueId', 'assigneeId', 'productId'] as const) {
    if (input[field]) throw new InvalidError(field, `support sets ${field}; a customer cannot`);
  }
  return { ...input, channel: CaseChannel.PORTAL, contactId: caller.contactId };
}
