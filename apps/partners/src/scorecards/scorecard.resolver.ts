import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes, PARTNER_TAG } from '@crm/graphql';
import { Args, Directive, Query, Resolver } from '@nestjs/graphql';
import { PartnerScorecardArgs, PartnerScorecardsArgs } from './scorecard.input';
import { PartnerScorecard, PartnerScorecardConnection, toPartnerScorecard } from './scorecard.object';
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

  // The channel team's view across partners: no partner tag, and closed to partner tokens.
  @CanRead('partners')
  @Query(() => PartnerScorecardConnection, {
    description: 'Every partner’s scorecard over a window, best first by the sort’s measure, a page at a time (for channel managers).',
  })
  async partnerScorecards(@Args() args: PartnerScorecardsArgs, @CurrentIdentity() caller: Identity): Promise<PartnerScorecardConnection> {
    return mapNodes(await this.service.page(caller, args), (row) =>
      toPartnerScorecard(row.partner_id, args.from ?? null, args.to ?? null, row),
    );
  }
}
