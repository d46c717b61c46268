import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { CaseOpened, CaseStatusChanged } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid, type ConnectionShape } from '@crm/graphql';
import { CustomerReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import { closedAtAfter, transitionRefusal } from './case-transitions';
import type { CaseEntity } from './case.entity';
import { CaseStatus, priorityRank } from './case.enums';
import type { CasesArgs, ChangeCaseStatusInput, OpenCaseInput } from './case.input';
import { CASE_CURSORS, CaseRepository } from './case.repository';

/** Cases listed on a customer: the newest ones, bounded so a customer with thousands stays cheap. */
export const CASES_PER_CUSTOMER = 100;

@Injectable()
export class CaseService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cases: CaseRepository,
    private readonly events: EventPublisher,
    private readonly customers: CustomerReferences,
  ) {}

  /** The customer must exist in sales (a merged-away id opens the case on the survivor). */
  async open(caller: Identity, input: OpenCaseInput, credential: CallerCredential): Promise<CaseEntity> {
    // Checked before the transaction: no connection is held while sales is asked.
    const customerId = await this.customers.resolve(input.customerId, 'customerId', credential);
    const now = new Date();
    const supportCase: CaseEntity = {
      id: randomUUID(),
      customerId,
      subject: input.subject,
      description: input.description ? input.description : null,
      type: input.type,
      priority: input.priority,
      priorityRank: priorityRank(input.priority),
      status: CaseStatus.NEW,
      openedAt: now,
      updatedAt: now,
      closedAt: null,
    };
    return this.uow.run(caller, async (tx) => {
      await this.cases.insert(tx, supportCase);
      await this.events.publish(tx, CaseOpened, {
        caseId: supportCase.id,
        customerId: supportCase.customerId,
        subject: supportCase.subject,
        priority: supportCase.priority,
        status: supportCase.status,
        openedAt: now.toISOString(),
      });
      return supportCase;
    });
  }

  changeStatus(caller: Identity, input: ChangeCaseStatusInput): Promise<CaseEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.cases.findByIdForUpdate(tx, input.caseId);
      if (!existing) throw new NotFoundError('Case', input.caseId);
      const refusal = transitionRefusal(existing.status, input.status);
      if (refusal) throw new InvalidError('status', refusal);
      const now = new Date();
      const patch = { status: input.status, updatedAt: now, closedAt: closedAtAfter(input.status, now) };
      await this.cases.update(tx, existing.id, patch);
      await this.events.publish(tx, CaseStatusChanged, {
        caseId: existing.id,
        customerId: existing.customerId,
        subject: existing.subject,
        from: existing.status,
        to: input.status,
        changedAt: now.toISOString(),
      });
      return { ...existing, ...patch };
    });
  }

  findById(id: string): Promise<CaseEntity | null> {
    return this.cases.findById(id);
  }

  async page(args: CasesArgs): Promise<ConnectionShape<CaseEntity>> {
    return CASE_CURSORS.page(args, (q) => this.cases.page({ ...q, filter: args.filter ?? {} }));
  }

  /** For DataLoader: the newest cases of each customer, in the order of `customerIds`. */
  async newestByCustomerIds(customerIds: readonly string[]): Promise<CaseEntity[][]> {
    const ids = customerIds.filter(isUuid);
    const rows = ids.length ? await this.cases.newestByCustomerIds(ids, CASES_PER_CUSTOMER) : [];
    return groupByKeys(customerIds, rows, (c) => c.customerId);
  }

  /** For DataLoader: how many cases of each customer are not RESOLVED or CLOSED, 0 for none. */
  async openCountsByCustomerIds(customerIds: readonly string[]): Promise<number[]> {
    // An id that is not a UUID names no customer: it has no cases, and must not fail the batch.
    const ids = customerIds.filter(isUuid);
    const counts = ids.length ? await this.cases.openCountsByCustomerIds(ids) : new Map<string, number>();
    return customerIds.map((id) => counts.get(id) ?? 0);
  }
}
