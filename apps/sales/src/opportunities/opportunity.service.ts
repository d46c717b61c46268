import { OwnedByService } from '../users/owned-by';
import { randomUUID } from 'node:crypto';
import { scopedPartnerId, type Identity } from '@crm/auth';
import { changesOf, OpportunityCreated, OpportunityUpdatedV2 } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, type ConnectionShape, type MoneyInput } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import type { CustomerEntity } from '../customers/customer.entity';
import { StageOutcome } from '../pipelines/pipeline.object';
import { PipelineService } from '../pipelines/pipeline.service';
import { isUnassigned, refuseUnassigned, UNASSIGNED_CUSTOMER_ID, UnassignedAccountService } from '../customers/unassigned-account.service';
import { occurredAt } from '../history/occurred-at';
import { isNegative } from './money-amount';
import { OpportunityPartiesRepository } from './opportunity-parties.repository';
import { linePayload, opportunityPayload } from './opportunity-payload';
import type { OpportunityLineEntity } from './opportunity-line.entity';
import type { OpportunityContactEntity } from './opportunity-contact.entity';
import type { OpportunityStageChangeEntity } from './opportunity-stage-change.entity';
import type { OpportunityEntity } from './opportunity.entity';
import {
  type CreateOpportunityInput,
  type OpportunitiesArgs,
  type OpportunityFilter,
  type OpportunityContactInput,
  type SetOpportunityContactsInput,
  type UpdateOpportunityInput,
} from './opportunity.input';
import { OpportunityStatus } from './opportunity.object';
import { OPPORTUNITY_CURSORS, OpportunityRepository, type OpportunityPatch, type OwnerScopedFilter } from './opportunity.repository';

/** Opportunities listed on a customer: the newest ones, bounded so a customer with thousands stays cheap. */
export const OPPORTUNITIES_PER_CUSTOMER = 100;

/**
 * What opening an opportunity needs, whoever asks: the GraphQL mutation, or a consumer (lead
 * conversion, deal registration) that minted `id` so a redelivered event opens nothing twice.
 */
export interface OpenOpportunityCommand {
  id: string;
  customerId: string;
  name: string;
  amount: MoneyInput;
  closeDate: string;
  ownerId: string | null;
  partnerId: string | null;
  pipelineId?: string | null;
  stageId?: string | null;
  contacts?: OpportunityContactInput[];
  /** Who opens it, for the stage history; null for system flows. */
  openedBy: string | null;
  /** When it was created, for a history import (checked by `occurredAt`); now when absent. */
  occurredAt?: Date;
}

/**
 * The partner a row is written for: a partner caller's own (from its verified token), whatever it
 * sends; naming another partner, or none, is refused rather than quietly replaced. Internal
 * callers name any partner or none.
 */
function partnerOf(caller: Identity, requested: string | null | undefined): string | null {
  const own = scopedPartnerId(caller);
  if (own === null) return requested ?? null;
  if (requested === undefined) return own;
  if (requested === null || requested.toLowerCase() !== own) {
    throw new InvalidError('partnerId', 'a partner opens and keeps opportunities only under its own id');
  }
  return own;
}

/**
 * What a partner's token may not set on an opportunity, whatever reaches sales (the partner
 * contract leaves these fields out, but sales does not trust the caller came through it): the owner
 * is the partner user itself, and pipelines, stages and contacts are staff records a partner never
 * sees, so naming one would let it probe for their ids. A past time is refused by `occurredAt` to
 * all but importers.
 */
function refusePartnerSettings(
  caller: Identity,
  input: { ownerId?: string | null; pipelineId?: string | null; stageId?: string | null; contacts?: unknown[] | null },
): void {
  if (scopedPartnerId(caller) === null) return;
  if (input.ownerId != null && input.ownerId.toLowerCase() !== caller.userId?.toLowerCase()) {
    throw new InvalidError('ownerId', "a partner's opportunities are owned by the partner user who opens them");
  }
  for (const field of ['pipelineId', 'stageId', 'contacts'] as const) {
    if (input[field] != null)
      throw new InvalidError(field, 'a partner cannot set it: the default pipeline and stage apply, and contacts are added by staff');
  }
}

/**
 * What a partner may not filter its opportunities by: owners other than itself, pipelines and
 * stages are staff records it never sees, and a filter on one would tell it, deal by deal, whether a
 * guessed id is the one behind its own rows.
 */
function refusePartnerFilter(caller: Identity, f: OpportunityFilter): void {
  if (scopedPartnerId(caller) === null) return;
  const own = caller.userId?.toLowerCase();
  if (f.ownerIds?.some((id) => id.toLowerCase() !== own)) {
    throw new InvalidError('filter.ownerIds', 'a partner filters only by its own user: other owners are staff it does not see');
  }
  for (const field of ['pipelineId', 'stageId'] as const) {
    if (f[field] != null)
      throw new InvalidError(`filter.${field}`, 'a partner cannot filter by it: pipelines and stages are staff records');
  }
}

function checkAmount(amount: MoneyInput, field: string): void {
  if (isNegative(amount.amount)) throw new InvalidError(`${field}.amount`, 'must not be negative');
}

@Injectable()
export class OpportunityService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly opportunities: OpportunityRepository,
    private readonly parties: OpportunityPartiesRepository,
    private readonly pipelines: PipelineService,
    private readonly events: EventPublisher,
    private readonly unassigned: UnassignedAccountService,
    private readonly owners: OwnedByService,
  ) {}

  async create(input: CreateOpportunityInput, who: Identity): Promise<OpportunityEntity> {
    refusePartnerSettings(who, input);
    const command: OpenOpportunityCommand = {
      ...input,
      customerId: input.customerId ?? UNASSIGNED_CUSTOMER_ID,
      occurredAt: occurredAt(who, input.occurredAt, 'occurredAt'),
      id: input.id ?? randomUUID(),
      ownerId: input.ownerId === undefined ? who.userId : input.ownerId,
      partnerId: partnerOf(who, input.partnerId),
      openedBy: who.userId,
    };
    return (await this.uow.run(who, (tx) => this.open(tx, command))).opportunity;
  }

  /**
   * Opens an opportunity inside the caller's transaction, idempotently: the insert does nothing
   * when `id` exists, and then neither history nor event is written again.
   */
  async open(tx: Transaction, cmd: OpenOpportunityCommand): Promise<{ opportunity: OpportunityEntity; created: boolean }> {
    checkAmount(cmd.amount, 'amount');
    const existing = await this.opportunities.findById(tx, cmd.id);
    if (existing) {
      if (existing.customerId !== cmd.customerId) throw new InvalidError('id', 'belongs to an opportunity of another customer');
      return { opportunity: existing, created: false };
    }
    if (isUnassigned(cmd.customerId)) await this.unassigned.ensure(tx);
    if (!(await this.parties.customerExists(tx, cmd.customerId))) throw new NotFoundError('Customer', cmd.customerId);
    const { pipelineId, stageId } = await this.placement(tx, cmd.pipelineId ?? null, cmd.stageId ?? null);
    const contacts = await this.checkedContacts(tx, cmd.id, cmd.customerId, cmd.contacts ?? []);
    const now = new Date();
    const createdAt = cmd.occurredAt ?? now;
    const opportunity: OpportunityEntity = {
      id: cmd.id,
      customerId: cmd.customerId,
      name: cmd.name,
      amount: cmd.amount.amount,
      currency: cmd.amount.currency.toUpperCase(),
      closeDate: cmd.closeDate,
      ownerId: cmd.ownerId,
      partnerId: cmd.partnerId,
      pipelineId,
      stageId,
      status: OpportunityStatus.OPEN,
      closeReason: null,
      closedAt: null,
      amountSetByHand: false,
      createdAt,
      updatedAt: now,
    };
    // Two concurrent deliveries of one event both get past the read above; only one inserts.
    if (!(await this.opportunities.insertIfAbsent(tx, opportunity))) {
      const raced = await this.opportunities.findById(tx, cmd.id);
      // The id is another partner's row, invisible to this caller: it cannot be opened again.
      if (!raced) throw new InvalidError('id', 'is already taken');
      if (raced.customerId !== cmd.customerId) throw new InvalidError('id', 'belongs to an opportunity of another customer');
      return { opportunity: raced, created: false };
    }
    await this.opportunities.replaceContacts(tx, opportunity.id, contacts);
    await this.opportunities.insertStageChange(tx, {
      opportunityId: opportunity.id,
      fromStageId: null,
      toStageId: stageId,
      fromStatus: null,
      toStatus: OpportunityStatus.OPEN,
      changedBy: cmd.openedBy,
      changedAt: createdAt,
    });
    await this.events.publish(
      tx,
      OpportunityCreated,
      { ...opportunityPayload(opportunity), createdAt: createdAt.toISOString() },
      createdAt,
    );
    return { opportunity, created: true };
  }

  /** The pipeline and open stage a new opportunity starts in. */
  private async placement(
    tx: Transaction,
    pipelineId: string | null,
    stageId: string | null,
  ): Promise<{ pipelineId: string; stageId: string }> {
    if (stageId) {
      const stage = await this.pipelines.findStage(tx, stageId);
      if (!stage) throw new NotFoundError('Pipeline stage', stageId);
      if (pipelineId && stage.pipelineId !== pipelineId) throw new InvalidError('stageId', 'is a stage of another pipeline');
      if (stage.outcome !== StageOutcome.OPEN)
        throw new InvalidError('stageId', 'is a closing stage: open the opportunity in an open stage');
      return { pipelineId: stage.pipelineId, stageId: stage.id };
    }
    const pipeline = pipelineId ? await this.pipelines.findPipeline(tx, pipelineId) : await this.pipelines.defaultPipeline(tx);
    if (!pipeline) throw new NotFoundError('Pipeline', pipelineId ?? 'default');
    const first = (await this.pipelines.stagesOf(tx, pipeline.id)).find((s) => s.outcome === StageOutcome.OPEN);
    if (!first) throw new InvalidError('pipelineId', 'has no open stage');
    return { pipelineId: pipeline.id, stageId: first.id };
  }

  private async checkedContacts(
    tx: Transaction,
    opportunityId: string,
    customerId: string,
    contacts: OpportunityContactInput[],
  ): Promise<OpportunityContactEntity[]> {
    const ids = contacts.map((c) => c.contactId.toLowerCase());
    const known = await this.parties.contactIdsOfCustomer(tx, customerId, ids);
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (!known.has(id)) throw new InvalidError(`contacts.${i}.contactId`, 'is not a contact of the customer');
      if (seen.has(id)) throw new InvalidError(`contacts.${i}.contactId`, 'is listed twice');
      seen.add(id);
    });
    return contacts.map((c, i) => ({ opportunityId, contactId: ids[i]!, role: c.role }));
  }

  update(caller: Identity, input: UpdateOpportunityInput): Promise<OpportunityEntity> {
    refusePartnerSettings(caller, { ownerId: input.ownerId });
    if (scopedPartnerId(caller) !== null) {
      // Sales does not know which customers a partner works with (partners keeps the links), so a
      // partner filing its deal under an account could name, and probe, any customer; and the lines
      // the amount would follow are staff's.
      if (input.customerId !== undefined) throw new InvalidError('customerId', "a partner's deal keeps its account: staff file it");
      if (input.amountFollowsLines !== undefined) {
        throw new InvalidError('amountFollowsLines', 'a partner sets the amount of its deal by hand; staff manage its lines');
      }
    }
    if (input.amount) checkAmount(input.amount, 'amount');
    return this.uow.run(caller, async (tx) => {
      const existing = await this.opportunities.findByIdForUpdate(tx, input.id);
      if (!existing) throw new NotFoundError('Opportunity', input.id);
      const patch: OpportunityPatch = {};
      if (input.name !== undefined && input.name !== existing.name) patch.name = input.name;
      if (input.customerId !== undefined && input.customerId.toLowerCase() !== existing.customerId) {
        if (!isUnassigned(existing.customerId)) {
          throw new InvalidError('customerId', 'only a deal without an account moves to an account: merge customers to move the others');
        }
        refuseUnassigned(input.customerId, 'customerId');
        if (!(await this.parties.customerExists(tx, input.customerId))) throw new NotFoundError('Customer', input.customerId, 'customerId');
        patch.customerId = input.customerId.toLowerCase();
      }
      if (input.amount) {
        const currency = input.amount.currency.toUpperCase();
        if (currency !== existing.currency) patch.currency = currency;
        // "10" and "10.0000" are one amount.
        if (!new Decimal(input.amount.amount).equals(existing.amount)) patch.amount = input.amount.amount;
        if (!existing.amountSetByHand) patch.amountSetByHand = true;
      }
      if (input.amountFollowsLines) {
        if (input.amount) throw new InvalidError('amountFollowsLines', 'cannot be true while amount sets the amount by hand');
        if (existing.amountSetByHand) patch.amountSetByHand = false;
        const total = await this.opportunities.linesTotal(tx, existing.id);
        if (total !== null && !new Decimal(total).equals(existing.amount)) patch.amount = total;
      }
      if (input.closeDate !== undefined && input.closeDate !== existing.closeDate) patch.closeDate = input.closeDate;
      if (input.ownerId !== undefined && input.ownerId !== existing.ownerId) patch.ownerId = input.ownerId;
      if (input.partnerId !== undefined) {
        // A partner cannot hand its row to another partner (nor to none); row-level security would refuse it too.
        const partnerId = partnerOf(caller, input.partnerId);
        if (partnerId !== existing.partnerId) patch.partnerId = partnerId;
      }
      return this.applyPatch(tx, existing, patch);
    });
  }

  /**
   * Writes a change and its updated event; nothing at all when nothing changed. `lines`: the deal's
   * new lines, when they changed too (the event then names `lines` and carries them).
   */
  async applyPatch(
    tx: Transaction,
    existing: OpportunityEntity,
    patch: OpportunityPatch,
    lines?: OpportunityLineEntity[],
  ): Promise<OpportunityEntity> {
    const changed = [...Object.keys(patch), ...(lines ? ['lines'] : [])];
    if (changed.length === 0) return existing;
    const updatedAt = new Date();
    await this.opportunities.update(tx, existing.id, { ...patch, updatedAt });
    const updated = (await this.opportunities.findById(tx, existing.id))!;
    await this.events.publish(tx, OpportunityUpdatedV2, {
      ...opportunityPayload(updated),
      changed,
      changes: changesOf(existing, patch),
      updatedBy: tx.caller.userId,
      updatedAt: updatedAt.toISOString(),
      ...(lines ? { lines: lines.map((l) => linePayload(l, updated.currency)) } : {}),
    });
    return updated;
  }

  setContacts(caller: Identity, input: SetOpportunityContactsInput): Promise<OpportunityEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.opportunities.findByIdForUpdate(tx, input.opportunityId);
      if (!existing) throw new NotFoundError('Opportunity', input.opportunityId);
      const rows = await this.checkedContacts(tx, existing.id, existing.customerId, input.contacts);
      await this.opportunities.replaceContacts(tx, existing.id, rows);
      const updatedAt = new Date();
      await this.opportunities.update(tx, existing.id, { updatedAt });
      const updated = { ...existing, updatedAt };
      await this.events.publish(tx, OpportunityUpdatedV2, {
        ...opportunityPayload(updated),
        changed: ['contacts'],
        changes: [],
        updatedBy: caller.userId,
        updatedAt: updatedAt.toISOString(),
      });
      return updated;
    });
  }

  /** For a customer merge: every opportunity of `fromCustomerId` now belongs to `toCustomerId`; answers their ids. */
  moveToCustomer(tx: Transaction, fromCustomerId: string, toCustomerId: string): Promise<string[]> {
    return this.opportunities.moveToCustomer(tx, fromCustomerId, toCustomerId);
  }

  /** Null for an unknown id and for another partner's opportunity alike. */
  findById(caller: Identity, id: string): Promise<OpportunityEntity | null> {
    return this.uow.run(caller, (tx) => this.opportunities.findById(tx, id));
  }

  /** Row-locked inside the caller's transaction: quoting serialises on its opportunity. */
  findForUpdate(tx: Transaction, id: string): Promise<OpportunityEntity | null> {
    return this.opportunities.findByIdForUpdate(tx, id);
  }

  /** For DataLoader: results in the order of `ids`, null where there is none. */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(OpportunityEntity | null)[]> {
    const byId = new Map((await this.uow.run(caller, (tx) => this.opportunities.findByIds(tx, ids))).map((o) => [o.id, o]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async customersByIds(ids: readonly string[]): Promise<(CustomerEntity | null)[]> {
    const byId = new Map((await this.parties.customersByIds(ids)).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async byCustomerIds(caller: Identity, customerIds: readonly string[]): Promise<OpportunityEntity[][]> {
    const rows = await this.uow.run(caller, (tx) => this.opportunities.newestByCustomerIds(tx, customerIds, OPPORTUNITIES_PER_CUSTOMER));
    return groupByKeys(customerIds, rows, (o) => o.customerId);
  }

  async contactsByOpportunityIds(ids: readonly string[]): Promise<OpportunityContactEntity[][]> {
    return groupByKeys(ids, await this.opportunities.contactsOf(ids), (c) => c.opportunityId);
  }

  async historyByOpportunityIds(ids: readonly string[]): Promise<OpportunityStageChangeEntity[][]> {
    return groupByKeys(ids, await this.opportunities.historyOf(ids), (c) => c.opportunityId);
  }

  /** How many opportunities the caller may see match `filter` (a partner: only its own). */
  async count(caller: Identity, filter: OpportunityFilter | undefined): Promise<number> {
    const f = await this.withOwners(caller, filter ?? {});
    return this.uow.run(caller, (tx) => this.opportunities.count(tx, f));
  }

  /** The filter with `ownedBy` turned into the owner ids it keeps, once a partner's is known to name nothing it may not see. */
  private async withOwners(caller: Identity, f: OpportunityFilter): Promise<OwnerScopedFilter> {
    refusePartnerFilter(caller, f);
    return { ...f, ownerIn: await this.owners.ownerIds(caller, f.ownedBy) };
  }

  async page(caller: Identity, args: OpportunitiesArgs): Promise<ConnectionShape<OpportunityEntity>> {
    const f = args.filter ?? {};
    if (f.closeDateFrom && f.closeDateTo && f.closeDateFrom > f.closeDateTo) {
      throw new InvalidError('filter.closeDateTo', 'must not be before closeDateFrom');
    }
    const filter = await this.withOwners(caller, f);
    return OPPORTUNITY_CURSORS.page(args, (q) => this.uow.run(caller, (tx) => this.opportunities.page(tx, { ...q, filter })));
  }
}
