import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { SearchArgs } from './search.input';
import { SearchHit, toSearchHit } from './search.object';
import { SearchService } from './search.service';

/**
 * The hits are sales', marketing's, service's and partners' records, which the same staff roles
 * read (ACCESS_MATRIX): analysts, who read analytics but none of those records, are refused, as is
 * a portal contact (search is not in the portal's contract). A partner token finds its own records
 * only; search is not in the partner contract yet: its hits' union would make Contact, Lead and
 * Case nameable there, which that contract keeps out.
 */
@CanRead('sales', { partner: true })
@Resolver(() => SearchHit)
export class SearchResolver {
  constructor(private readonly searchService: SearchService) {}

  @Query(() => [SearchHit], {
    description:
      'Customers, contacts, leads, opportunities, cases, partners and knowledge articles matching the query, best first: an exact email or domain, then full-text and trigram (typo) matches. A query under 2 or over 200 characters is BAD_USER_INPUT on query.',
  })
  async search(@Args() args: SearchArgs, @CurrentIdentity() caller: Identity): Promise<SearchHit[]> {
    return (await this.searchService.search(caller, args)).map(toSearchHit);
  }
}
