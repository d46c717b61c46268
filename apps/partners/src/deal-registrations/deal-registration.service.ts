import { scopedPartnerId, type Identity } from '@crm/auth';
import { DealRegistrationApproved, DealRegistrationRejected, DealRegistrationSubmitted } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ForbiddenError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { pageSize, toConnection, type ConnectionShape } from '@crm/graphql';
import { CustomerReferences, ProductReferences, type CallerCredential } from '@crm/references';
import { SUBGRAPH_CONFIG } from '@crm/subgraph';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { PartnersConfig } from '../config/partners.config';
import type { DealRegistrationEntity } from './deal-registration.entity';
import { DealRegistrationStatus } from './deal-registration.enums';
import type {
  ApproveDealRegistrationInput,
  DealRegistrationsArgs,
  RegisterDealInput,
  RejectDealRegistrationInput,
} from './deal-registration.input';
import { DEAL_REGISTRATION_CURSORS, DealRegistrationRepository } from './deal-registration.repository';
import { OpenOpportunityRepository } from './open-opportunity.repository';

const DAY_MS = 86_400_000;
const today = (): string => new Date().toISOString().slice(0, 10);

/** The decimal as numeric(19,4) gives it back ("12500.5" → "12500.5000"), so a registration reads the same before and after it is stored. */
function asStored(amount: string): string {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${fraction.padEnd(4, '0')}`;
}

@Injectable()
export class DealRegistrationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly registrations: DealRegistrationRepository,
    private readonly opportunities: OpenOpportunityRepository,
    private readonly events: EventPublisher,
    private readonly customers: CustomerReferences,
    private readonly products: ProductReferences,
    @Inject(SUBGRAPH_CONFIG) private readonly config: PartnersConfig,
  ) {}

  private protectionFrom(at: Date): Date {
    return new Date(at.getTime() + this.config.DEAL_REGISTRATION_PROTECTION_DAYS * DAY_MS);
  }

  /**
   * A partner registers a deal for itself (the token names the partner). Refused on the domain when
   * another partner's registration protects it, without saying whose; refused on the customer when
   * sales has an open opportunity for it (the local read model of sales' events, never a call).
   * The domain is locked for the transaction, so two partners racing for it cannot both win.
   */
  async register(caller: Identity, input: RegisterDealInput, credential: CallerCredential): Promise<DealRegistrationEntity> {
    const partnerId = scopedPartnerId(caller);
    if (!partnerId) throw new ForbiddenError('A deal is registered by a partner, with its own token');
    if (input.estimatedAmount.amount.startsWith('-')) throw new InvalidError('estimatedAmount.amount', 'must not be negative');
    if (input.expectedClose < today()) throw new InvalidError('expectedClose', 'must be today or later');
    const customerId = input.customerId ? await this.customers.resolve(input.customerId, 'customerId', credential) : null;
    const productId = input.productId ?? null;
    if (productId) await this.products.check(productId, 'productId', credential);
    return this.uow.run(caller, async (tx) => {
      const submittedAt = new Date();
      await this.registrations.lockDomain(tx, input.domain);
      if (await this.registrations.isProtectedForAnother(tx, input.domain, partnerId, submittedAt)) {
        throw new InvalidError('domain', 'this domain is already registered by another partner');
      }
      if (customerId && (await this.opportunities.hasOpen(tx, customerId))) {
        throw new InvalidError('customerId', 'this customer already has an open opportunity in sales');
      }
      const registration: DealRegistrationEntity = {
        id: randomUUID(),
        partnerId,
        companyName: input.companyName,
        domain: input.domain,
        customerId,
        contactName: input.contactName,
        contactEmail: input.contactEmail,
        productInterest: input.productInterest,
        productId,
        amount: asStored(input.estimatedAmount.amount),
        currency: input.estimatedAmount.currency.toUpperCase(),
        expectedClose: input.expectedClose,
        status: DealRegistrationStatus.SUBMITTED,
        opportunityId: null,
        protectionExpiresAt: null,
        rejectionReason: null,
        decidedBy: null,
        decidedAt: null,
        submittedAt,
        expiredAt: null,
      };
      await this.registrations.insert(tx, registration);
      await this.registrations.protect(tx, {
        registrationId: registration.id,
        domain: registration.domain,
        partnerId,
        protectedUntil: this.protectionFrom(submittedAt),
      });
      await this.events.publish(tx, DealRegistrationSubmitted, {
        registrationId: registration.id,
        partnerId,
        companyName: registration.companyName,
        domain: registration.domain,
        customerId,
        productInterest: registration.productInterest,
        productId,
        estimatedAmount: { amount: registration.amount, currency: registration.currency },
        expectedClose: registration.expectedClose,
        submittedAt: submittedAt.toISOString(),
      });
      return registration;
    });
  }

  /**
   * A channel manager approves a SUBMITTED registration on a sales customer: the partner keeps the
   * domain until the protection expiry, and DealRegistrationApproved (with an opportunity id minted
   * here) has sales open the partner's opportunity.
   */
  async approve(caller: Identity, input: ApproveDealRegistrationInput, credential: CallerCredential): Promise<DealRegistrationEntity> {
    const now = new Date();
    if (input.protectionExpiresAt && input.protectionExpiresAt <= now) {
      throw new InvalidError('protectionExpiresAt', 'must be in the future');
    }
    const named = input.customerId ? await this.customers.resolve(input.customerId, 'customerId', credential) : null;
    return this.uow.run(caller, async (tx) => {
      const r = await this.decidable(tx, input.id, 'approved');
      const customerId = named ?? r.customerId;
      if (!customerId) throw new InvalidError('customerId', 'name the sales customer the opportunity opens on');
      if (await this.opportunities.hasOpen(tx, customerId)) {
        throw new InvalidError('customerId', 'this customer already has an open opportunity in sales');
      }
      Object.assign(r, {
        status: DealRegistrationStatus.APPROVED,
        customerId,
        opportunityId: randomUUID(),
        protectionExpiresAt: input.protectionExpiresAt ?? this.protectionFrom(now),
        decidedBy: caller.userId,
        decidedAt: now,
      });
      await this.registrations.save(tx, r);
      await this.registrations.protect(tx, {
        registrationId: r.id,
        domain: r.domain,
        partnerId: r.partnerId,
        protectedUntil: r.protectionExpiresAt!,
      });
      await this.events.publish(tx, DealRegistrationApproved, {
        registrationId: r.id,
        partnerId: r.partnerId,
        customerId,
        opportunityId: r.opportunityId!,
        name: `${r.companyName}: ${r.productInterest}`,
        amount: { amount: r.amount, currency: r.currency },
        closeDate: r.expectedClose,
        approvedBy: caller.userId,
        approvedAt: now.toISOString(),
      });
      return r;
    });
  }

  /** A channel manager rejects a SUBMITTED registration with a reason the partner sees; the domain is free again. */
  reject(caller: Identity, input: RejectDealRegistrationInput): Promise<DealRegistrationEntity> {
    return this.uow.run(caller, async (tx) => {
      const r = await this.decidable(tx, input.id, 'rejected');
      const now = new Date();
      Object.assign(r, {
        status: DealRegistrationStatus.REJECTED,
        rejectionReason: input.reason,
        decidedBy: caller.userId,
        decidedAt: now,
      });
      await this.registrations.save(tx, r);
      await this.registrations.unprotect(tx, r.id);
      await this.events.publish(tx, DealRegistrationRejected, {
        registrationId: r.id,
        partnerId: r.partnerId,
        reason: input.reason,
        rejectedBy: caller.userId,
        rejectedAt: now.toISOString(),
      });
      return r;
    });
  }

  /** The registration, locked; only a SUBMITTED one is decided, and the refusal names its state. */
  private async decidable(tx: Transaction, id: string, decision: string): Promise<DealRegistrationEntity> {
    const r = await this.registrations.findForUpdate(tx, id);
    if (!r) throw new NotFoundError('DealRegistration', id);
    if (r.status !== DealRegistrationStatus.SUBMITTED) {
      throw new InvalidError('id', `the registration is ${r.status}; only a SUBMITTED registration can be ${decision}`);
    }
    return r;
  }

  /** For DataLoader: in the order of `ids`, null where there is none (or it is another partner's). */
  async findByIds(caller: Identity, ids: readonly string[]): Promise<(DealRegistrationEntity | null)[]> {
    const rows = await this.uow.run(caller, (tx) => this.registrations.findByIds(tx, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(caller: Identity, args: DealRegistrationsArgs): Promise<ConnectionShape<DealRegistrationEntity>> {
    const size = pageSize(args.first);
    const after = args.after ? DEAL_REGISTRATION_CURSORS.decode('SUBMITTED_AT_DESC', args.after) : null;
    const rows = await this.uow.run(caller, (tx) => this.registrations.page(tx, after, size + 1));
    return toConnection(
      rows,
      size,
      (r) => DEAL_REGISTRATION_CURSORS.encode('SUBMITTED_AT_DESC', r),
      (r) => r,
    );
  }
}
