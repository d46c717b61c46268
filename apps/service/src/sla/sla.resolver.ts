import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CreateBusinessCalendarInput, SetSlaPolicyInput } from './sla.input';
import { BusinessCalendar, SlaPolicy, toBusinessCalendar, toSlaPolicy } from './sla.object';
import { SlaService } from './sla.service';

@CanRead('service')
@Resolver(() => SlaPolicy)
export class SlaResolver {
  constructor(private readonly slaService: SlaService) {}

  @Query(() => [SlaPolicy], { description: 'The SLA policies, by priority and then tier (every tier first).' })
  async slaPolicies(): Promise<SlaPolicy[]> {
    return (await this.slaService.policies()).map(toSlaPolicy);
  }

  @CanWrite('service')
  @Mutation(() => BusinessCalendar, {
    description:
      'Creates a working calendar; overlapping hours, an unknown time zone or a malformed holiday is BAD_USER_INPUT naming the field.',
  })
  async createBusinessCalendar(
    @Args('input') input: CreateBusinessCalendarInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<BusinessCalendar> {
    return toBusinessCalendar(await this.slaService.createCalendar(caller, input));
  }

  @CanWrite('service')
  @Mutation(() => SlaPolicy, {
    description:
      'Sets the targets of one priority and customer tier (or every tier), for cases opened from now on. A target under 1 minute, or a tier that is not 1 to 5, is BAD_USER_INPUT naming it.',
  })
  async setSlaPolicy(@Args('input') input: SetSlaPolicyInput, @CurrentIdentity() caller: Identity): Promise<SlaPolicy> {
    return toSlaPolicy(await this.slaService.setPolicy(caller, input));
  }
}
