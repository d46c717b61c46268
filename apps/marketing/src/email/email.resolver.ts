import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreateEmailTemplateInput, ScheduleCampaignSendInput } from './email.input';
import { EmailSend, EmailSendCounts, EmailTemplate, toEmailSend, toEmailTemplate } from './email.object';
import { EmailService } from './email.service';

@CanRead('marketing')
@Resolver(() => EmailSend)
export class EmailResolver {
  constructor(private readonly emailService: EmailService) {}

  @Query(() => EmailTemplate, { nullable: true })
  async emailTemplate(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<EmailTemplate | null> {
    const found = await ctx.loaders.get('emailTemplateById', (ids) => this.emailService.templatesByIds(ids)).load(id);
    return found ? toEmailTemplate(found) : null;
  }

  @Query(() => EmailSend, { nullable: true })
  async emailSend(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<EmailSend | null> {
    const found = await ctx.loaders.get('emailSendById', (ids) => this.emailService.sendsByIds(ids)).load(id);
    return found ? toEmailSend(found) : null;
  }

  @ResolveField(() => EmailSendCounts)
  counts(@Parent() send: EmailSend, @Context() ctx: GraphQLRequestContext): Promise<EmailSendCounts> {
    return ctx.loaders.get('emailSendCounts', (ids) => this.emailService.counts(ids)).load(send.id);
  }

  @CanWrite('marketing')
  @Mutation(() => EmailTemplate, {
    description:
      'A merge field that does not exist, an unescaped field or a link that is not a fixed URL is BAD_USER_INPUT naming the part.',
  })
  async createEmailTemplate(@Args('input') input: CreateEmailTemplateInput, @CurrentIdentity() caller: Identity): Promise<EmailTemplate> {
    return toEmailTemplate(await this.emailService.createTemplate(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => EmailSend, {
    description:
      'Schedules the template to every member of the campaign. Members without email-marketing consent when their turn comes, unsubscribed or bounced, are skipped and counted.',
  })
  async scheduleCampaignSend(@Args('input') input: ScheduleCampaignSendInput, @CurrentIdentity() caller: Identity): Promise<EmailSend> {
    return toEmailSend(await this.emailService.schedule(caller, input));
  }
}
