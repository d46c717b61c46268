import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { PARTNER_TAG } from '@crm/graphql';
import { Args, Directive, Query, Resolver } from '@nestjs/graphql';
import { PartnerScorecardArgs } from './scorecard.input';
import { PartnerScorecard, toPartnerScorecard } from './scorecard.object';
import { ScorecardService } from './scorecard.service';

@CanRead('partners', { partner: true })
@Resolver(() => PartnerScorecard)
export class ScorecardResolver {
  constructor(private readonly service: ScorecardService) {}

  @Directive(PARTNER_TAG)
  @Query(() => PartnerScorecard, {
    nullable: true,
    description:
      'A partner’s scorecard over a window; null when there is no such partner (or it is not you). to before from is BAD_USER_INPUT on to.',
  })
  async partnerScorecard(@Args() args: PartnerScorecardArgs, @CurrentIdentity() caller: Identity): Promise<PartnerScorecard | null> {
    const row = await this.service.scorecard(caller, args);
    return row && toPartnerScorecard(args.partnerId, args.from ?? null, args.to ?? null, row);
  }
}
