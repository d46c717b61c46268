import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { changesOf, LeadStatusChanged, LeadsMerged, LeadUpdatedV2 } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, normaliseContactPoints, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { companyDomainOf } from './company-domain';
import type { LeadEmailEntity, LeadPhoneEntity } from './lead-contact-point.entity';
import type { LeadStatusChangeEntity } from './lead-status-change.entity';
import { leadTransitionRefusal } from './lead-transitions';
import type { LeadEntity } from './lead.entity';
import { LeadStatus } from './lead.enums';
import type { ChangeLeadStatusInput, LeadStatusHistoryArgs, MergeLeadsInput, UpdateLeadInput } from './lead.input';
import { LEAD_HISTORY_CURSORS, LeadRepository, type LeadPatch } from './lead.repository';

/** Possible duplicates answered for one lead: enough for a person to judge, bounded so a common domain stays cheap. */
export const DUPLICATES_MAX = 20;

/** The plain attributes of UpdateLeadInput, which map one to one onto columns. */
const PLAIN_FIELDS = ['name', 'company', 'ownerId', 'title', 'country', 'industry', 'employeeCount'] as const;

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** A lead's emails or phones as the audit trail shows them: in order, with type and which is primary. */
function contactPoints<K extends 'address' | 'number'>(
  rows: readonly ({ [k in K]: string } & { type: string; isPrimary: boolean })[],
  key: K,
): { value: string; type: string; primary: boolean }[] {
  return rows.map((r) => ({ value: r[key], type: r.type, primary: r.isPrimary }));
}

const sourceDetailOf = (d: Pick<LeadEntity, 'sourceFormId' | 'sourceCampaignId' | 'sourceReferral'>) =>
  d.sourceFormId || d.sourceCampaignId || d.sourceReferral
    ? { formId: d.sourceFormId, campaignId: d.sourceCampaignId, referral: d.sourceReferral }
    : null;

/**
 * A lead's life after capture: changes to its attributes, status moves with their history, and
 * merging duplicates. Every change publishes its event in the same transaction.
 */
@Injectable()
export class LeadLifecycleService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly events: EventPublisher,
  ) {}

  async update(caller: Identity, input: UpdateLeadInput): Promise<LeadEntity> {
    // Checked before the transaction: a bad list is refused without touching the database.
    const emails = input.emails && normaliseContactPoints('emails', input.emails, (e) => e.address);
    const phones = input.phones === undefined ? undefined : normaliseContactPoints('phones', input.phones ?? [], (p) => p.number);
    return this.uow.run(caller, async (tx) => {
      const lead = await this.mustLock(tx, input.id, 'id');
      const patch: LeadPatch = {};
      for (const field of PLAIN_FIELDS) {
        const value = input[field];
        if (value !== undefined && value !== lead[field]) Object.assign(patch, { [field]: value });
      }
      // Old and new value of each field that changed, in UpdateLeadInput's terms: the audit trail.
      const changes = changesOf(lead, patch);
      if (input.sourceDetail !== undefined) {
        const d = input.sourceDetail;
        const next = { sourceFormId: d?.formId ?? null, sourceCampaignId: d?.campaignId ?? null, sourceReferral: d?.referral ?? null };
        const before = { sourceFormId: lead.sourceFormId, sourceCampaignId: lead.sourceCampaignId, sourceReferral: lead.sourceReferral };
        if (!same(before, next)) {
          Object.assign(patch, next);
          changes.push({ field: 'sourceDetail', old: sourceDetailOf(before), new: sourceDetailOf(next) });
        }
      }
      if (input.tags !== undefined) {
        const tags = [...(input.tags ?? [])].sort();
        if (!same(tags, lead.tags)) {
          patch.tags = tags;
          changes.push({ field: 'tags', old: lead.tags, new: tags });
        }
      }
      if (emails || phones) {
        const oldEmails = await this.leads.emailsOf([lead.id], tx);
        const oldPhones = await this.leads.phonesOf([lead.id], tx);
        const newEmails = emails?.map(({ value, ...rest }) => ({ address: value, ...rest }));
        if (newEmails && !same(contactPoints(oldEmails, 'address'), contactPoints(newEmails, 'address'))) {
          const primary = newEmails.find((e) => e.isPrimary)!.address;
          Object.assign(patch, { email: primary, companyDomain: companyDomainOf(primary) });
          await this.leads.replaceEmails(tx, lead.id, newEmails);
          changes.push({ field: 'emails', old: contactPoints(oldEmails, 'address'), new: contactPoints(newEmails, 'address') });
        }
        const newPhones = phones?.map(({ value, ...rest }) => ({ number: value, ...rest }));
        if (newPhones && !same(contactPoints(oldPhones, 'number'), contactPoints(newPhones, 'number'))) {
          await this.leads.replacePhones(tx, lead.id, newPhones);
          changes.push({ field: 'phones', old: contactPoints(oldPhones, 'number'), new: contactPoints(newPhones, 'number') });
        }
      }
      const now = new Date();
      const updated = await this.leads.update(tx, lead.id, { ...patch, updatedAt: now });
      if (changes.length) {
        await this.events.publish(tx, LeadUpdatedV2, {
          leadId: updated.id,
          customerId: updated.customerId,
          email: updated.email,
          changed: changes.map((c) => c.field),
          changes,
          ownerId: updated.ownerId,
          updatedBy: caller.userId,
          updatedAt: now.toISOString(),
        });
      }
      return updated;
    });
  }

  async changeStatus(caller: Identity, input: ChangeLeadStatusInput): Promise<LeadEntity> {
    if (input.status === LeadStatus.UNQUALIFIED && !input.reason) {
      throw new InvalidError('reason', 'is required to mark a lead UNQUALIFIED');
    }
    return this.uow.run(caller, async (tx) => {
      const lead = await this.mustLock(tx, input.leadId, 'leadId');
      const refusal = leadTransitionRefusal(lead.status, input.status);
      if (refusal) throw new InvalidError('status', refusal);
      const reason = input.status === LeadStatus.UNQUALIFIED ? input.reason! : null;
      return this.moveIn(tx, lead, input.status, reason, caller.userId);
    });
  }

  /** Moves a locked lead (the move already checked), keeping the history and publishing the change. */
  async moveIn(tx: Transaction, lead: LeadEntity, to: LeadStatus, reason: string | null, changedBy: string | null): Promise<LeadEntity> {
    const now = new Date();
    const updated = await this.leads.update(tx, lead.id, { status: to, unqualifiedReason: reason, updatedAt: now });
    await this.leads.addStatusChange(tx, {
      id: randomUUID(),
      leadId: lead.id,
      fromStatus: lead.status,
      toStatus: to,
      reason,
      changedBy,
      changedAt: now,
    });
    await this.events.publish(tx, LeadStatusChanged, {
      leadId: lead.id,
      customerId: lead.customerId,
      email: lead.email,
      from: lead.status,
      to,
      reason,
      changedBy,
      changedAt: now.toISOString(),
    });
    return updated;
  }

  async merge(caller: Identity, input: MergeLeadsInput): Promise<LeadEntity> {
    if (input.survivorId === input.duplicateId) throw new InvalidError('duplicateId', 'is the survivor itself; name two different leads');
    return this.uow.run(caller, async (tx) => {
      const locked = await this.leads.lockPair(tx, input.survivorId, input.duplicateId);
      const survivor = locked.get(input.survivorId);
      const duplicate = locked.get(input.duplicateId);
      if (!survivor) throw new NotFoundError('Lead', input.survivorId, 'survivorId');
      if (!duplicate) throw new NotFoundError('Lead', input.duplicateId, 'duplicateId');
      if (duplicate.status === LeadStatus.CONVERTED) {
        throw new InvalidError('duplicateId', 'is converted; merge other leads into it instead');
      }
      if (survivor.customerId && duplicate.customerId && survivor.customerId !== duplicate.customerId) {
        throw new InvalidError('duplicateId', 'belongs to another customer than the survivor');
      }
      const now = new Date();
      const fill = <K extends keyof LeadEntity>(k: K) => survivor[k] ?? duplicate[k];
      await this.leads.absorb(tx, survivor.id, duplicate.id);
      const merged = await this.leads.update(tx, survivor.id, {
        company: fill('company'),
        ownerId: fill('ownerId'),
        title: fill('title'),
        country: fill('country'),
        industry: fill('industry'),
        employeeCount: fill('employeeCount'),
        customerId: fill('customerId'),
        sourceFormId: fill('sourceFormId'),
        sourceCampaignId: fill('sourceCampaignId'),
        sourceReferral: fill('sourceReferral'),
        tags: [...new Set([...survivor.tags, ...duplicate.tags])].sort(),
        updatedAt: now,
      });
      await this.events.publish(tx, LeadsMerged, {
        leadId: merged.id,
        customerId: merged.customerId,
        email: merged.email,
        duplicateId: duplicate.id,
        duplicateEmail: duplicate.email,
        mergedBy: caller.userId,
        mergedAt: now.toISOString(),
      });
      return merged;
    });
  }

  /** Other leads sharing an email address or the company domain with the lead; NOT_FOUND on leadId when there is no such lead. */
  async duplicates(leadId: string): Promise<{ lead: LeadEntity; byEmail: boolean; byDomain: boolean }[]> {
    const [lead] = await this.leads.findByIds([leadId]);
    if (!lead) throw new NotFoundError('Lead', leadId, 'leadId');
    return this.leads.duplicatesOf(leadId, DUPLICATES_MAX);
  }

  statusHistory(leadId: string, args: LeadStatusHistoryArgs): Promise<ConnectionShape<LeadStatusChangeEntity>> {
    return LEAD_HISTORY_CURSORS.page({ ...args, sort: 'CHANGED_AT_DESC' as const }, (q) => this.leads.statusHistory(leadId, q));
  }

  /** For DataLoader: each lead's emails, in the order given. */
  async emailsOf(leadIds: readonly string[]): Promise<LeadEmailEntity[][]> {
    return groupByKeys(leadIds, await this.leads.emailsOf(leadIds), (e) => e.leadId);
  }

  async phonesOf(leadIds: readonly string[]): Promise<LeadPhoneEntity[][]> {
    return groupByKeys(leadIds, await this.leads.phonesOf(leadIds), (p) => p.leadId);
  }

  private async mustLock(tx: Transaction, id: string, field: string): Promise<LeadEntity> {
    const lead = await this.leads.lockById(tx, id);
    if (!lead) throw new NotFoundError('Lead', id, field);
    return lead;
  }
}
