import type { Identity } from '@crm/auth';
import { randomUUID } from 'node:crypto';
import { changesOf, PartnerCreated, PartnerStatusChanged, PartnerUpdatedV2, PartnerUserAdded, PartnerUserRemoved } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { partnerNameKey } from './partner-name';
import type { PartnerUserEntity } from './partner-user.entity';
import { PartnerUserRepository } from './partner-user.repository';
import type { PartnerEntity } from './partner.entity';
import { PartnerStatus } from './partner.enums';
import type { AddPartnerUserInput, CreatePartnerInput, PartnersArgs, RemovePartnerUserInput, UpdatePartnerInput } from './partner.input';
import { PARTNER_CURSORS, PartnerRepository } from './partner.repository';

/** The people a partner may have; the Partner.users list shows them all. */
export const USERS_PER_PARTNER = 100;

/** The profile fields updatePartner may change besides status, which has an event of its own. */
const PROFILE_FIELDS = ['name', 'kind', 'tier', 'territory', 'channelManagerId'] as const;

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

@Injectable()
export class PartnerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly partners: PartnerRepository,
    private readonly users: PartnerUserRepository,
    private readonly events: EventPublisher,
  ) {}

  create(caller: Identity, input: CreatePartnerInput): Promise<PartnerEntity> {
    const partner: PartnerEntity = {
      id: randomUUID(),
      name: input.name,
      nameKey: partnerNameKey(input.name),
      kind: input.kind,
      tier: input.tier,
      status: PartnerStatus.PROSPECT,
      territory: input.territory,
      channelManagerId: input.channelManagerId ?? null,
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
        channelManagerId: partner.channelManagerId,
      });
      return partner;
    });
  }

  /**
   * Changes the fields given; a field given with its current value is not a change. Publishes
   * PartnerUpdatedV2 for profile changes (old and new values, and who) and PartnerStatusChanged for
   * a status change, in the same transaction; nothing when nothing changed. The row is locked so
   * concurrent updates serialise.
   */
  update(caller: Identity, input: UpdatePartnerInput): Promise<PartnerEntity> {
    return this.uow.run(caller, async (tx) => {
      const before = await this.partners.findForUpdate(tx, input.id);
      if (!before) throw new NotFoundError('Partner', input.id);
      const after: PartnerEntity = { ...before };
      for (const field of PROFILE_FIELDS) if (input[field] !== undefined) Object.assign(after, { [field]: input[field] });
      if (input.status) after.status = input.status;
      after.nameKey = partnerNameKey(after.name);
      const changed = PROFILE_FIELDS.filter((f) => !sameValue(before[f], after[f]));
      if (!changed.length && before.status === after.status) return before;
      if (!(await this.partners.updateIfNameFree(tx, after))) {
        throw new InvalidError('name', `a partner named "${after.name}" already exists (names are unique regardless of case)`);
      }
      const now = new Date().toISOString();
      if (changed.length) {
        await this.events.publish(tx, PartnerUpdatedV2, {
          partnerId: after.id,
          changes: changesOf(before, Object.fromEntries(changed.map((f) => [f, after[f]])) as Partial<PartnerEntity>),
          name: after.name,
          kind: after.kind,
          tier: after.tier,
          territory: after.territory,
          channelManagerId: after.channelManagerId,
          updatedBy: caller.userId,
          updatedAt: now,
        });
      }
      if (before.status !== after.status) {
        await this.events.publish(tx, PartnerStatusChanged, { partnerId: after.id, from: before.status, to: after.status, changedAt: now });
      }
      return after;
    });
  }

  /** Whether the partner may act: false when suspended, and when there is no such partner (a token for a deleted partner gets nothing). */
  async isInGoodStanding(caller: Identity, partnerId: string): Promise<boolean> {
    const partner = await this.uow.run(caller, (tx) => this.partners.findById(tx, partnerId));
    return partner !== null && partner.status !== PartnerStatus.SUSPENDED;
  }

  /** Gives a person at the partner access; their user id may belong to one partner only. */
  addUser(caller: Identity, input: AddPartnerUserInput): Promise<PartnerEntity> {
    return this.uow.run(caller, async (tx) => {
      const partner = await this.partners.findForUpdate(tx, input.partnerId);
      if (!partner) throw new NotFoundError('Partner', input.partnerId);
      if ((await this.users.countByPartner(tx, partner.id)) >= USERS_PER_PARTNER) {
        throw new InvalidError('partnerId', `a partner has at most ${USERS_PER_PARTNER} users; remove one first`);
      }
      const user: PartnerUserEntity = { ...input, partnerId: partner.id, addedAt: new Date() };
      if (!(await this.users.insertIfAbsent(tx, user))) {
        throw new InvalidError('userId', 'this user id already belongs to a partner');
      }
      await this.events.publish(tx, PartnerUserAdded, {
        partnerId: partner.id,
        userId: user.userId,
        name: user.name,
        email: user.email,
        addedAt: user.addedAt.toISOString(),
      });
      return partner;
    });
  }

  /** Takes a person's access away; a user the partner does not have is NOT_FOUND on userId. */
  removeUser(caller: Identity, input: RemovePartnerUserInput): Promise<PartnerEntity> {
    return this.uow.run(caller, async (tx) => {
      const partner = await this.partners.findById(tx, input.partnerId);
      if (!partner) throw new NotFoundError('Partner', input.partnerId);
      if (!(await this.users.delete(tx, partner.id, input.userId))) throw new NotFoundError('PartnerUser', input.userId, 'userId');
      await this.events.publish(tx, PartnerUserRemoved, {
        partnerId: partner.id,
        userId: input.userId,
        removedAt: new Date().toISOString(),
      });
      return partner;
    });
  }

  /** For DataLoader: each partner's users by name, in one statement. */
  async usersByPartnerIds(caller: Identity, partnerIds: readonly string[]): Promise<PartnerUserEntity[][]> {
    const rows = await this.uow.run(caller, (tx) => this.users.byPartnerIds(tx, partnerIds));
    return groupByKeys(partnerIds, rows, (u) => u.partnerId);
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
