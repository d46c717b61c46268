import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { LeadAssigned } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { isISO31661Alpha2 } from 'class-validator';
import type { LeadEntity } from '../leads/lead.entity';
import { LeadStatus } from '../leads/lead.enums';
import { LeadRepository } from '../leads/lead.repository';
import type { RoutingRuleEntity } from './routing-rule.entity';
import type { CreateRoutingRuleInput } from './routing.input';
import { RoutingRepository } from './routing.repository';

function matches(rule: RoutingRuleEntity, lead: LeadEntity): boolean {
  return (
    (!rule.countries.length || (lead.country !== null && rule.countries.includes(lead.country.toUpperCase()))) &&
    (!rule.industries.length || (lead.industry !== null && rule.industries.includes(lead.industry.toLowerCase()))) &&
    (!rule.sources.length || rule.sources.includes(lead.source))
  );
}

/** Gives qualified leads an owner by the first matching rule, taking turns among its people. */
@Injectable()
export class RoutingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly routing: RoutingRepository,
    private readonly leads: LeadRepository,
    private readonly events: EventPublisher,
  ) {}

  rules(): Promise<RoutingRuleEntity[]> {
    return this.routing.all();
  }

  async create(caller: Identity, input: CreateRoutingRuleInput): Promise<RoutingRuleEntity> {
    const countries = [...new Set(input.countries.map((c) => c.trim().toUpperCase()))];
    const bad = countries.find((c) => !isISO31661Alpha2(c));
    if (bad !== undefined) throw new InvalidError('countries', `${bad} is not an ISO 3166-1 alpha-2 country code`);
    const ownerIds = [...new Set(input.ownerIds.map((id) => id.toLowerCase()))];
    const teamId = input.teamId ?? null;
    if (!ownerIds.length === !teamId)
      throw new InvalidError('ownerIds', 'give ownerIds or teamId (who gets the leads), not both or neither');
    const now = new Date();
    const rule: RoutingRuleEntity = {
      id: randomUUID(),
      name: input.name,
      position: input.position,
      countries,
      industries: [...new Set(input.industries.map((i) => i.trim().toLowerCase()))],
      sources: [...new Set(input.sources)],
      ownerIds,
      teamId,
      assigned: 0,
      active: input.active,
      createdAt: now,
      updatedAt: now,
    };
    await this.uow.run(caller, async (tx) => {
      // Users and teams are sales'; marketing knows them from sales' events.
      const known = await this.routing.knownUsers(tx, ownerIds);
      const unknown = ownerIds.findIndex((id) => !known.has(id));
      if (unknown >= 0) throw new NotFoundError('User', ownerIds[unknown]!, `ownerIds.${unknown}`);
      if (teamId && !(await this.routing.teamExists(tx, teamId))) throw new NotFoundError('Team', teamId, 'teamId');
      await this.routing.insert(tx, rule);
    });
    return rule;
  }

  /**
   * Routes a lead that became QUALIFIED and has no owner yet, in the consumer's transaction. A lead
   * no rule matches, or whose rule has nobody active to take it, keeps no owner.
   */
  async route(tx: Transaction, leadId: string): Promise<void> {
    const rules = await this.routing.activeLocked(tx);
    if (!rules.length) return;
    const lead = await this.leads.lockById(tx, leadId);
    if (!lead || lead.ownerId || lead.status !== LeadStatus.QUALIFIED) return;
    for (const rule of rules) {
      if (!matches(rule, lead)) continue;
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
