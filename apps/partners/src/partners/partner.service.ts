import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { PartnerCreated } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { partnerNameKey } from './partner-name';
import type { PartnerEntity } from './partner.entity';
import type { CreatePartnerInput, PartnersArgs } from './partner.input';
import { PARTNER_CURSORS, PartnerRepository } from './partner.repository';

@Injectable()
export class PartnerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly partners: PartnerRepository,
    private readonly events: EventPublisher,
  ) {}

  create(caller: Identity, input: CreatePartnerInput): Promise<PartnerEntity> {
    const partner: PartnerEntity = {
      id: randomUUID(),
      name: input.name,
      nameKey: partnerNameKey(input.name),
      kind: input.kind,
      createdAt: new Date(),
    };
    return this.uow.run(caller, async (tx) => {
      if (!(await this.partners.insertIfNameFree(tx, partner))) {
        throw new InvalidError('name', `a partner named "${partner.name}" already exists (names are unique regardless of case)`);
      }
      await this.events.publish(tx, PartnerCreated, {
        partnerId: partner.id,
        name: partner.name,
        createdAt: partner.createdAt.toISOString(),
      });
      return partner;
    });
  }

  /** For DataLoader: results in the order of `ids`, null where there is no such partner. */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(PartnerEntity | null)[]> {
    const rows = await this.uow.run(caller, (tx) => this.partners.findByIds(tx, ids));
    const byId = new Map(rows.map((p) => [p.id, p]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(caller: Identity, args: PartnersArgs): Promise<ConnectionShape<PartnerEntity>> {
    return PARTNER_CURSORS.page(args, (q) => this.uow.run(caller, (tx) => this.partners.page(tx, { ...q, filter: args.filter ?? {} })));
  }
}
