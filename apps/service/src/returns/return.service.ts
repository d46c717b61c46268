import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { ReturnRequested, ReturnStatusChanged } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { ConflictError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { type ConnectionShape } from '@crm/graphql';
import { ProductReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import type { CaseEntity } from '../cases/case.entity';
import { CaseStatus, CaseType } from '../cases/case.enums';
import { CaseService } from '../cases/case.service';
import { isPortalContact } from '../cases/portal-contact';
import type { ReturnItemEntity } from './return-item.entity';
import type { ReturnEntity } from './return.entity';
import { RETURN_FLOW, RETURNS_PER_CASE_MAX, ReturnStatus } from './return.enums';
import type { ChangeReturnStatusInput, RequestReturnInput, ReturnsArgs } from './return.input';
import type { ReturnWithItems } from './return.object';
import { RETURN_CURSORS, ReturnRepository } from './return.repository';

@Injectable()
export class ReturnService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly returns: ReturnRepository,
    private readonly cases: CaseService,
    private readonly products: ProductReferences,
    private readonly events: EventPublisher,
  ) {}

  /**
   * A return on a RETURN case that is not CLOSED (another customer's case answers as a missing one).
   * Support may name any product sales has; a portal contact returns the product its case is about.
   */
  async request(caller: Identity, input: RequestReturnInput, credential: CallerCredential): Promise<ReturnWithItems> {
    const portal = isPortalContact(caller);
    // Checked before the transaction, each product once: no connection is held while sales is asked.
    if (!portal) {
      const checked = new Set<string>();
      for (const [i, item] of input.items.entries()) {
        if (!item.productId || checked.has(item.productId)) continue;
        await this.products.check(item.productId, `items.${i}.productId`, credential);
        checked.add(item.productId);
      }
    }
    return this.uow.run(caller, async (tx) => {
      const c = await this.cases.lockLive(tx, input.caseId, 'caseId');
      if (c.type !== CaseType.RETURN) {
        throw new InvalidError('caseId', `case ${c.id} is a ${c.type} case; returns are requested on a RETURN case`);
      }
      if (c.status === CaseStatus.CLOSED) throw new ConflictError('caseId', `case ${c.id} is CLOSED: reopen it before requesting a return`);
      if ((await this.returns.countOfCase(tx, c.id)) >= RETURNS_PER_CASE_MAX) {
        throw new ConflictError('caseId', `case ${c.id} already has ${RETURNS_PER_CASE_MAX} returns, the most it may have`);
      }
      const now = new Date();
      const ret: ReturnEntity = {
        id: randomUUID(),
        caseId: c.id,
        customerId: c.customerId,
        status: ReturnStatus.REQUESTED,
        refundAmount: null,
        refundCurrency: null,
        rejectionReason: null,
        requestedBy: (portal ? caller.contactId : caller.userId) ?? null,
        requestedAt: now,
        updatedAt: now,
      };
      const items: ReturnItemEntity[] = input.items.map((item, position) => ({
        returnId: ret.id,
        position,
        productId: itemProduct(c, item.productId ?? null, `items.${position}.productId`, portal),
        quantity: item.quantity,
        reason: item.reason,
        condition: item.condition,
      }));
      await this.returns.insert(tx, ret, items);
      await this.events.publish(tx, ReturnRequested, {
        ...returnRef(ret, c.subject, items),
        items: items.map((i) => ({ productId: i.productId, quantity: i.quantity, reason: i.reason, condition: i.condition })),
        requestedBy: ret.requestedBy,
        requestedAt: now.toISOString(),
      });
      return { ret, items };
    });
  }

  /** Moves a return along its flow: REFUNDED takes the refund, REJECTED the reason, and nothing else takes either. */
  changeStatus(caller: Identity, input: ChangeReturnStatusInput): Promise<ReturnWithItems> {
    const refunded = input.status === ReturnStatus.REFUNDED;
    const rejected = input.status === ReturnStatus.REJECTED;
    if (refunded && !input.refund) throw new InvalidError('refund', 'a move to REFUNDED needs the refund paid back');
    if (!refunded && input.refund) throw new InvalidError('refund', `only a move to REFUNDED takes a refund, not one to ${input.status}`);
    if (input.refund && (input.refund.amount.startsWith('-') || !/[1-9]/.test(input.refund.amount))) {
      throw new InvalidError('refund.amount', 'refund.amount must be more than 0');
    }
    if (rejected && !input.reason) throw new InvalidError('reason', 'a move to REJECTED needs the reason');
    if (!rejected && input.reason) throw new InvalidError('reason', `only a move to REJECTED takes a reason, not one to ${input.status}`);
    return this.uow.run(caller, async (tx) => {
      const existing = await this.returns.findByIdForUpdate(tx, input.returnId);
      if (!existing) throw new NotFoundError('CaseReturn', input.returnId, 'returnId');
      const refusal = RETURN_FLOW.refusal(existing.status, input.status);
      if (refusal) throw new InvalidError('status', refusal);
      const now = new Date();
      const patch: Partial<ReturnEntity> = {
        status: input.status,
        updatedAt: now,
        refundAmount: input.refund?.amount ?? null,
        refundCurrency: input.refund?.currency ?? null,
        rejectionReason: input.reason ?? null,
      };
      await this.returns.update(tx, existing.id, patch);
      const moved = { ...existing, ...patch };
      const items = await this.returns.itemsOf(tx, [existing.id]);
      await this.events.publish(tx, ReturnStatusChanged, {
        ...returnRef(moved, await this.returns.caseSubject(tx, existing.caseId), items),
        from: existing.status,
        to: moved.status,
        refund: input.refund ? { amount: input.refund.amount, currency: input.refund.currency } : null,
        reason: moved.rejectionReason,
        changedBy: caller.userId,
        changedAt: now.toISOString(),
      });
      return { ret: moved, items };
    });
  }

  /** A return by id, or null (another customer's, for a portal contact, too). */
  findById(caller: Identity, id: string): Promise<ReturnWithItems | null> {
    return this.uow.run(caller, async (tx) => {
      const ret = await this.returns.findById(tx, id);
      return ret ? { ret, items: await this.returns.itemsOf(tx, [ret.id]) } : null;
    });
  }

  /** A page of returns, newest first, with their items: two statements whatever the page size. */
  page(caller: Identity, args: ReturnsArgs): Promise<ConnectionShape<ReturnWithItems>> {
    return RETURN_CURSORS.page(
      { ...args, sort: 'REQUESTED_AT_DESC' },
      (q) =>
        this.uow.run(caller, async (tx) => {
          const rows = await this.returns.page(tx, { ...q, filter: args.filter ?? {} });
          return withItems(
            rows,
            await this.returns.itemsOf(
              tx,
              rows.map((r) => r.id),
            ),
          );
        }),
      (r) => RETURN_CURSORS.encode('REQUESTED_AT_DESC', r.ret),
    );
  }
}

/** The product a line returns: the one named (a portal contact may name only its case's), or the case's. */
function itemProduct(c: CaseEntity, named: string | null, field: string, portal: boolean): string {
  if (portal && named && named !== c.productId) throw new InvalidError(field, 'a customer returns the product its case is about');
  const productId = named ?? c.productId;
  if (!productId) throw new InvalidError(field, `case ${c.id} is about no product: name the product that comes back`);
  return productId;
}

/** What every return event says about its return. */
function returnRef(ret: ReturnEntity, caseSubject: string, items: ReturnItemEntity[]) {
  return {
    returnId: ret.id,
    caseId: ret.caseId,
    customerId: ret.customerId,
    caseSubject,
    productIds: [...new Set(items.map((i) => i.productId))],
  };
}

function withItems(rows: ReturnEntity[], items: ReturnItemEntity[]): ReturnWithItems[] {
  return rows.map((ret) => ({ ret, items: items.filter((i) => i.returnId === ret.id) }));
}
