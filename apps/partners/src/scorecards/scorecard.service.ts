import { scopedPartnerId, type Identity } from '@crm/auth';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import type { PartnerScorecardArgs } from './scorecard.input';
import { ScorecardRepository, type ScorecardRow } from './scorecard.repository';

/** The partner scorecard: the channel team reads any partner's, a partner only its own. */
@Injectable()
export class ScorecardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly scorecards: ScorecardRepository,
  ) {}

  /** Null for a partner that does not exist, or that is not the calling partner (answered exactly alike). */
  async scorecard(caller: Identity, args: PartnerScorecardArgs): Promise<ScorecardRow | null> {
    const from = args.from ?? null;
    const to = args.to ?? null;
    if (from && to && to <= from) throw new InvalidError('to', 'must be after from');
    const own = scopedPartnerId(caller);
    if (own && own !== args.partnerId) return null;
    return this.uow.run(caller, (tx) => this.scorecards.scorecard(tx, args.partnerId, from, to));
  }
}
