import { AdminOnly } from '@crm/auth';
import { mapNodes, UserRef, userRef } from '@crm/graphql';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditTrailArgs } from './audit.input';
import { AuditEntry, AuditEntryConnection, toAuditEntry } from './audit.object';
import { AuditService } from './audit.service';

/** Who changed what is for admins only: it names every user's every change. */
@AdminOnly()
@Resolver(() => AuditEntry)
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEntryConnection, {
    description:
      'Field changes of records, newest first, filtered by record, user and period (admins only). to before from is BAD_USER_INPUT on filter.to.',
  })
  async auditTrail(@Args() args: AuditTrailArgs): Promise<AuditEntryConnection> {
    return mapNodes(await this.audit.page(args), toAuditEntry);
  }

  @ResolveField(() => UserRef, { nullable: true, description: 'Who made the change; null for the system.' })
  changedBy(@Parent() entry: AuditEntry): UserRef | null {
    return userRef(entry.changedById);
  }
}
