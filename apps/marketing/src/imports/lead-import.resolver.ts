import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes, ParseIdPipe } from '@crm/graphql';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { LeadImportsArgs } from './lead-import.input';
import { LeadImport, LeadImportConnection, toLeadImport } from './lead-import.object';
import { LeadImportService } from './lead-import.service';

// Who may follow an import here is who may over HTTP (GET /imports/leads/<id>): marketing's staff readers.
@CanRead('marketing')
@Resolver(() => LeadImport)
export class LeadImportResolver {
  constructor(private readonly imports: LeadImportService) {}

  @Query(() => LeadImport, { nullable: true, description: 'A lead CSV import and its progress by id, or null when there is none.' })
  async leadImport(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<LeadImport | null> {
    const job = await this.imports.find(id);
    return job ? toLeadImport(job) : null;
  }

  @Query(() => LeadImportConnection, { description: "The caller's own lead CSV imports, newest first." })
  async leadImports(@Args() args: LeadImportsArgs, @CurrentIdentity() caller: Identity): Promise<LeadImportConnection> {
    return mapNodes(await this.imports.pageOf(caller, args), toLeadImport);
  }
}
