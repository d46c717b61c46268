import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Lead } from '../leads/lead.object';
import { fitBreakdown } from './lead-scoring';
import { CreateScoringRuleInput, LeadScoreHistoryArgs, UpdateScoringRuleInput } from './scoring.input';
import { LeadScore, LeadScoreChangeConnection, ScoringRule, toLeadScoreChange, toScoringRule } from './scoring.object';
import { ScoringService } from './scoring.service';

@CanRead('marketing')
@Resolver(() => Lead)
export class ScoringResolver {
  constructor(private readonly scoring: ScoringService) {}

  @Query(() => [ScoringRule], { description: 'Every scoring rule, oldest first (at most 200: rules are configuration, not data).' })
  async scoringRules(): Promise<ScoringRule[]> {
    return (await this.scoring.rules()).map(toScoringRule);
  }

  @CanWrite('marketing')
  @Mutation(() => ScoringRule, { description: 'Adds a rule and scores every lead again by the rules.' })
  async createScoringRule(@Args('input') input: CreateScoringRuleInput, @CurrentIdentity() caller: Identity): Promise<ScoringRule> {
    return toScoringRule(await this.scoring.createRule(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => ScoringRule, { description: 'Replaces a rule (NOT_FOUND on id when there is none) and scores every lead again.' })
  async updateScoringRule(@Args('input') input: UpdateScoringRuleInput, @CurrentIdentity() caller: Identity): Promise<ScoringRule> {
    return toScoringRule(await this.scoring.updateRule(caller, input));
  }

  @ResolveField(() => LeadScore, { nullable: true, description: 'The lead score; null until the lead is first scored.' })
  async score(@Parent() lead: Lead, @Context() ctx: GraphQLRequestContext): Promise<LeadScore | null> {
    const [s, rules] = await Promise.all([
      ctx.loaders.get('leadScore', (ids) => this.scoring.scoresOf(ids)).load(lead.id),
      // One read of the rules per request, however many leads are listed.
      ctx.loaders
        .get('scoringRules', async (keys) => {
          const all = await this.scoring.rules();
          return keys.map(() => all);
        })
        .load('all'),
    ]);
    if (!s) return null;
    return {
      score: s.score,
      fit: s.fit,
      engagement: Math.round(s.engagement),
      marketingQualified: s.qualifiedAt !== null,
      qualifiedAt: s.qualifiedAt,
      fitRules: fitBreakdown(rules, lead).map((b) => ({ ruleId: b.rule.id, name: b.rule.name, points: b.points })),
      updatedAt: s.updatedAt,
    };
  }

  @ResolveField(() => LeadScoreChangeConnection, { description: "Every change of the lead's score, rule by rule, newest first." })
  async scoreHistory(@Parent() lead: Lead, @Args() args: LeadScoreHistoryArgs): Promise<LeadScoreChangeConnection> {
    return mapNodes(await this.scoring.history(lead.id, args), toLeadScoreChange);
  }
}
