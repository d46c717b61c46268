import { ACCESS_KEY, CurrentIdentity, HISTORY_IMPORT_ROLES, type AccessDecision, type Identity } from '@crm/auth';
import { SetMetadata } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ImportDealsInput, type ImportDealsRecords } from './deal-import.input';
import { ImportDealsResult } from './deal-import.object';
import { DealImportService } from './deal-import.service';

/** Loading history is for the roles that may record past times (today admin): the same list occurredAt checks. */
const CanImportHistory = () => SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: false, roles: [...HISTORY_IMPORT_ROLES] });

@CanImportHistory()
@Resolver(() => ImportDealsResult)
export class DealImportResolver {
  constructor(private readonly imports: DealImportService) {}

  @Mutation(() => ImportDealsResult, {
    description:
      "Loads up to 500 deals of a company's history (stage history, products, historical dates, account by external id or none), idempotently by each deal's externalId: a deal imported before is left as it is and reported UNCHANGED. All or nothing: a bad record is refused naming its index and field (deals.3.stages.1.at), and nothing of the batch is written. Admin only.",
  })
  // Typed by the GraphQL input, but declared as the plain records GraphQL has coerced: Nest's
  // ValidationPipe skips a parameter whose type is no class, and walking 500 deals through
  // class-transformer cost more than the rest of the import did. parseDeals checks every record.
  importDeals(
    @Args('input', { type: () => ImportDealsInput }) input: ImportDealsRecords,
    @CurrentIdentity() caller: Identity,
  ): Promise<ImportDealsResult> {
    return this.imports.importDeals(caller, input);
  }
}
