import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes } from '@crm/graphql';
import { CallerCredential } from '@crm/references';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ConsentArgs, ConsentHistoryArgs, RecordConsentInput } from './consent.input';
import { ConsentRecord, ConsentRecordConnection, ConsentState, toConsentRecord, toConsentState } from './consent.object';
import { ConsentService } from './consent.service';

@CanRead('marketing')
@Resolver(() => ConsentRecord)
export class ConsentResolver {
  constructor(private readonly consents: ConsentService) {}

  @Query(() => [ConsentState], { description: "An address's current consent, one entry per channel it has a record on." })
  async consent(@Args() args: ConsentArgs): Promise<ConsentState[]> {
    return (await this.consents.current(args.email)).map(toConsentState);
  }

  @Query(() => ConsentRecordConnection, { description: 'Every grant and withdrawal about an address or a person, newest first.' })
  async consentHistory(@Args() args: ConsentHistoryArgs): Promise<ConsentRecordConnection> {
    return mapNodes(await this.consents.history(args), toConsentRecord);
  }

  @CanWrite('marketing')
  @Mutation(() => ConsentRecord, {
    description:
      'Records a grant or withdrawal. A grant needs textShown (BAD_USER_INPUT). An IMPORT granting what the person withdrew is CONFLICT on source, and nothing is written.',
  })
  async recordConsent(
    @Args('input') input: RecordConsentInput,
    @CurrentIdentity() caller: Identity,
    @CallerCredential() credential: CallerCredential,
  ): Promise<ConsentRecord> {
    return toConsentRecord(await this.consents.recordFor(caller, input, credential));
  }
}
