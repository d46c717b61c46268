import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { PARTNER_TAG } from '@crm/graphql';
import { Args, Directive, Query, Resolver } from '@nestjs/graphql';
import { SearchArgs } from './search.input';
import { SearchHit, toSearchHit } from './search.object';
import { SearchService } from './search.service';

/**
 * The hits are sales', marketing's, service's and partners' records, which the same staff roles
 * read (ACCESS_MATRIX): analysts, who read analytics but none of those records, are refused, as is
 * a portal contact (search is not in the portal's contract). A partner token finds its own record,
 * its deals and its linked customers only. Search is in the partner contract: the contract keeps
 * only the members of the hits' union that it reaches otherwise (Customer, Opportunity, Partner),
 * so Contact, Lead and Case stay unnameable there.
 */
@CanRead('sales', { partner: true })
@Resolver(() => SearchHit)
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Directive(PARTNER_TAG)
  @Query(() => [SearchHit], {
    description:
      'Customers, contacts, leads, opportunities, cases, partners and knowledge articles matching the query, best first: an exact email or domain, then full-text and trigram (typo) matches. A query under 2 or over 200 characters is BAD_USER_INPUT on query. A partner finds its own partner record, its deals and its linked customers; other types are BAD_USER_INPUT on types.',
  })
  async search(@Args() args: SearchArgs, @CurrentIdentity() caller: Identity): Promise<SearchHit[]> {
    return (await this.searchService.search(caller, args)).map(toSearchHit);
  }
}
