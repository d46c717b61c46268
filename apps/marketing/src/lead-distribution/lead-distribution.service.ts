import type { Identity } from '@crm/auth';
import { LeadRoutedToPartners, type LEAD_ROUTING_REGIONS, type LeadOfferAccepted, type PayloadOf } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import type { ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import type { LeadEntity } from '../leads/lead.entity';
import { LeadStatus } from '../leads/lead.enums';
import { LeadRepository } from '../leads/lead.repository';
import type { RouteLeadToPartnersInput, PartnerLeadsArgs } from './lead-distribution.input';
import type { PartnerLeadEntity } from './partner-lead.entity';
import { PARTNER_LEAD_CURSORS, PartnerLeadRepository } from './partner-lead.repository';

type LeadRoutingRegion = (typeof LEAD_ROUTING_REGIONS)[number];

/**
 * Hands qualified leads to the partner channel (partners chooses the partner by its rules) and
 * records the partner that accepted one, which from then on reads it here.
 */
@Injectable()
export class LeadDistributionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly leads: LeadRepository,
    private readonly routed: PartnerLeadRepository,
    private readonly events: EventPublisher,
  ) {}

  /** Routes a QUALIFIED lead, once; the event carries what the rules match on, never the person's contact details. */
  route(caller: Identity, input: RouteLeadToPartnersInput): Promise<PartnerLeadEntity> {
    return this.uow.run(caller, async (tx) => {
      const lead = await this.leads.lockById(tx, input.leadId);
      if (!lead) throw new NotFoundError('Lead', input.leadId, 'leadId');
      if (lead.status !== LeadStatus.QUALIFIED) {
        throw new InvalidError('leadId', `the lead is ${lead.status}; only a QUALIFIED lead can be routed to partners`);
      }
      if (await this.wasRouted(tx, lead.id)) throw new InvalidError('leadId', 'the lead was already routed to partners');
      const region = input.region ?? null;
      if (!lead.country && !region) {
        throw new InvalidError('region', 'the lead has no country: name its region so partners can be matched by territory');
      }
      return this.distribute(tx, lead, { region, productId: input.productId ?? null, routedBy: caller.userId });
    });
  }

  /** Whether the lead was handed to the partner channel already (a lead goes there once). */
  wasRouted(tx: Transaction, leadId: string): Promise<boolean> {
    return this.routed.exists(tx, leadId);
  }

  /**
   * Hands a checked lead to the partner channel in `tx` (a person's mutation, or a routing rule in
   * the routing consumer's transaction): the partner_lead row and the event partners offers it by.
   */
  async distribute(
    tx: Transaction,
    lead: LeadEntity,
    how: { region: LeadRoutingRegion | null; productId: string | null; routedBy: string | null },
  ): Promise<PartnerLeadEntity> {
    const routed: PartnerLeadEntity = { leadId: lead.id, partnerId: null, ...how, routedAt: new Date(), acceptedAt: null };
    await this.routed.insert(tx, routed);
    await this.events.publish(tx, LeadRoutedToPartners, {
      leadId: lead.id,
      customerId: lead.customerId,
      company: lead.company,
      country: lead.country,
      region: how.region,
      productId: how.productId,
      industry: lead.industry,
      employeeCount: lead.employeeCount,
      routedBy: how.routedBy,
      routedAt: routed.routedAt.toISOString(),
    });
    return { ...routed, lead };
  }

  /** Applies partners' acceptance (in the consumer's system transaction). */
  async assign(tx: Transaction, d: PayloadOf<typeof LeadOfferAccepted>): Promise<void> {
    await this.routed.assign(tx, d.leadId, d.partnerId, new Date(d.acceptedAt));
  }

  /** For DataLoader: in the order of `ids`, null where there is none (or, for a partner, not its own). */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(PartnerLeadEntity | null)[]> {
    const rows = await this.uow.run(caller, (tx) => this.routed.findByIds(tx, ids));
    const byId = new Map(rows.map((r) => [r.leadId, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  page(caller: Identity, args: PartnerLeadsArgs): Promise<ConnectionShape<PartnerLeadEntity>> {
    return this.uow.run(caller, (tx) =>
      PARTNER_LEAD_CURSORS.page({ first: args.first, after: args.after, sort: 'ROUTED_AT_DESC' }, ({ after, limit }) =>
        this.routed.page(tx, after, limit),
      ),
    );
  }
}
