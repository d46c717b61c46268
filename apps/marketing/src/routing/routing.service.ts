import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { LeadAssigned, type LEAD_ROUTING_REGIONS } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { isISO31661Alpha2 } from 'class-validator';
import { LeadDistributionService } from '../lead-distribution/lead-distribution.service';
import type { LeadEntity } from '../leads/lead.entity';
import { LeadStatus } from '../leads/lead.enums';
import { LeadRepository } from '../leads/lead.repository';
import type { RoutingRuleEntity } from './routing-rule.entity';
import { ROUTING_RULES_MAX, type CreateRoutingRuleInput, type UpdateRoutingRuleInput } from './routing.input';
import { RoutingRepository } from './routing.repository';

type LeadRoutingRegion = (typeof LEAD_ROUTING_REGIONS)[number];

function matches(rule: RoutingRuleEntity, lead: LeadEntity): boolean {
  return (
    (!rule.countries.length || (lead.country !== null && rule.countries.includes(lead.country.toUpperCase()))) &&
    (!rule.industries.length || (lead.industry !== null && rule.industries.includes(lead.industry.toLowerCase()))) &&
    (!rule.sources.length || rule.sources.includes(lead.source))
  );
}

/** A rule's definition from its input, normalised, or the first thing wrong with it, by field. */
function checkRule(input: CreateRoutingRuleInput): Omit<RoutingRuleEntity, 'id' | 'assigned' | 'createdAt' | 'updatedAt'> {
  const countries = [...new Set(input.countries.map((c) => c.trim().toUpperCase()))];
  const bad = countries.find((c) => !isISO31661Alpha2(c));
  if (bad !== undefined) throw new InvalidError('countries', `${bad} is not an ISO 3166-1 alpha-2 country code`);
  const ownerIds = [...new Set(input.ownerIds.map((id) => id.toLowerCase()))];
  const teamId = input.teamId ?? null;
  const targets = [ownerIds.length > 0, teamId !== null, input.toPartners].filter(Boolean).length;
  if (targets === 0) throw new InvalidError('ownerIds', 'give who gets the leads: ownerIds, teamId or toPartners');
  if (targets > 1) {
    throw new InvalidError(
      input.toPartners ? 'toPartners' : 'ownerIds',
      'give one of ownerIds, teamId or toPartners (who gets the leads), not several',
    );
  }
  const partnerRegion = input.partnerRegion ?? null;
  if (partnerRegion && !input.toPartners) throw new InvalidError('partnerRegion', 'only a rule with toPartners names a partner region');
  return {
    name: input.name,
    position: input.position,
    countries,
    industries: [...new Set(input.industries.map((i) => i.trim().toLowerCase()))],
    sources: [...new Set(input.sources)],
    ownerIds,
    teamId,
    toPartners: input.toPartners,
    partnerRegion,
    active: input.active,
  };
}

/**
 * Gives qualified leads an owner by the first matching rule, taking turns among its people, or
 * hands them to the partner channel when that rule says so.
 */
@Injectable()
export class RoutingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly routing: RoutingRepository,
    private readonly leads: LeadRepository,
    private readonly events: EventPublisher,
    private readonly partnerChannel: LeadDistributionService,
  ) {}

  rules(): Promise<RoutingRuleEntity[]> {
    return this.routing.all();
  }

  async create(caller: Identity, input: CreateRoutingRuleInput): Promise<RoutingRuleEntity> {
    const now = new Date();
    const rule: RoutingRuleEntity = { id: randomUUID(), ...checkRule(input), assigned: 0, createdAt: now, updatedAt: now };
    await this.uow.run(caller, async (tx) => {
      await this.routing.lockList(tx);
      if ((await this.routing.count(tx)) >= ROUTING_RULES_MAX)
        throw new ConflictError('name', `there are already ${ROUTING_RULES_MAX} rules; edit or delete one`);
      await this.checkPeople(tx, rule);
      await this.routing.insert(tx, rule);
    });
    return rule;
  }

  /** Replaces a rule's definition; its turn count stays, so its people keep taking turns where they were. */
  update(caller: Identity, input: UpdateRoutingRuleInput): Promise<RoutingRuleEntity> {
    const definition = checkRule(input);
    return this.uow.run(caller, async (tx) => {
      const existing = await this.routing.lockById(tx, input.id);
      if (!existing) throw new NotFoundError('LeadRoutingRule', input.id, 'id');
      const rule: RoutingRuleEntity = { ...existing, ...definition, updatedAt: new Date() };
      await this.checkPeople(tx, rule);
      await this.routing.update(tx, rule);
      return rule;
    });
  }

  /** Gives every rule its place in the order of `ids` (0, 1, 2...): the whole list, each rule once. */
  reorder(caller: Identity, ids: readonly string[]): Promise<RoutingRuleEntity[]> {
    return this.uow.run(caller, async (tx) => {
      const rules = new Map((await this.routing.allLocked(tx)).map((r) => [r.id, r]));
      const seen = new Set<string>();
      for (const [i, id] of ids.entries()) {
        if (seen.has(id)) throw new InvalidError(`ids.${i}`, `${id} is listed twice; list each rule once`);
        if (!rules.has(id)) throw new NotFoundError('LeadRoutingRule', id, `ids.${i}`);
        seen.add(id);
      }
      const missing = [...rules.keys()].filter((id) => !seen.has(id));
      if (missing.length) throw new InvalidError('ids', `list every rule: ${missing.length} missing (${missing.slice(0, 3).join(', ')})`);
      const now = new Date();
      await this.routing.setOrder(tx, ids, now);
      return ids.map((id, position) => ({ ...rules.get(id)!, position, updatedAt: now }));
    });
  }

  /** Deletes a rule: leads routed from then on never match it (routing reads the rules under the same row locks). */
  delete(caller: Identity, id: string): Promise<RoutingRuleEntity> {
    return this.uow.run(caller, async (tx) => {
      const existing = await this.routing.lockById(tx, id);
      if (!existing) throw new NotFoundError('LeadRoutingRule', id, 'id');
      await this.routing.delete(tx, id);
      return existing;
    });
  }

  /** Users and teams are sales'; marketing knows them from sales' events. */
  private async checkPeople(tx: Transaction, rule: Pick<RoutingRuleEntity, 'ownerIds' | 'teamId'>): Promise<void> {
    const known = await this.routing.knownUsers(tx, rule.ownerIds);
    const unknown = rule.ownerIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw new NotFoundError('User', rule.ownerIds[unknown]!, `ownerIds.${unknown}`);
    if (rule.teamId && !(await this.routing.teamExists(tx, rule.teamId))) throw new NotFoundError('Team', rule.teamId, 'teamId');
  }

  /**
   * Routes a lead that became QUALIFIED and has no owner yet, in the consumer's transaction. A lead
   * no rule matches, or whose rule has nobody active to take it, keeps no owner; one a person
   * already handed to partners stays theirs.
   */
  async route(tx: Transaction, leadId: string): Promise<void> {
    const rules = await this.routing.activeLocked(tx);
    if (!rules.length) return;
    const lead = await this.leads.lockById(tx, leadId);
    if (!lead || lead.ownerId || lead.status !== LeadStatus.QUALIFIED) return;
    if (await this.partnerChannel.wasRouted(tx, lead.id)) return;
    for (const rule of rules) {
      if (!matches(rule, lead)) continue;
      if (rule.toPartners) {
        // Partners match by country, else by region: without either they could not place it.
        const region = (rule.partnerRegion as LeadRoutingRegion | null) ?? null;
        if (!lead.country && !region) continue;
        await this.routing.countAssigned(tx, rule.id, rule.assigned + 1);
        await this.partnerChannel.distribute(tx, lead, { region, productId: null, routedBy: null });
        return;
      }
      const people = rule.teamId ? await this.routing.activeMembers(tx, rule.teamId) : await this.routing.activeOf(tx, rule.ownerIds);
      if (!people.length) continue;
      const ownerId = people[rule.assigned % people.length]!;
      await this.routing.countAssigned(tx, rule.id, rule.assigned + 1);
      const now = new Date();
      await this.leads.update(tx, lead.id, { ownerId, updatedAt: now });
      await this.events.publish(tx, LeadAssigned, {
        leadId: lead.id,
        customerId: lead.customerId,
        email: lead.email,
        name: lead.name,
        company: lead.company,
        ownerId,
        ruleId: rule.id,
        teamId: rule.teamId,
        assignedAt: now.toISOString(),
      });
      return;
    }
  }
}
