import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { mapNodes, ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreateWebFormInput, FormSubmissionsArgs, UpdateWebFormInput, WebFormsArgs } from './web-form.input';
import { FormSubmissionConnection, toFormSubmission, toWebForm, WebForm, WebFormConnection } from './web-form.object';
import { WebFormService } from './web-form.service';

@CanRead('marketing')
@Resolver(() => WebForm)
export class WebFormResolver {
  constructor(private readonly forms: WebFormService) {}

  @Query(() => WebForm, { nullable: true, description: 'A web form by id, or null when there is none.' })
  async webForm(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<WebForm | null> {
    const form = await ctx.loaders.get('webFormById', (ids) => this.forms.findByIds(ids)).load(id);
    return form ? toWebForm(form) : null;
  }

  @Query(() => WebFormConnection, { description: 'Web forms, newest first, a page at a time.' })
  async webForms(@Args() args: WebFormsArgs): Promise<WebFormConnection> {
    return mapNodes(await this.forms.page(args), toWebForm);
  }

  @CanWrite('marketing')
  @Mutation(() => WebForm, { description: 'Creates a web form with a new public key; posts go to /forms/<key> with no token.' })
  async createWebForm(@Args('input') input: CreateWebFormInput, @CurrentIdentity() caller: Identity): Promise<WebForm> {
    return toWebForm(await this.forms.create(caller, input));
  }

  @CanWrite('marketing')
  @Mutation(() => WebForm, { description: "Replaces a web form's definition; its key and submissions stay." })
  async updateWebForm(@Args('input') input: UpdateWebFormInput, @CurrentIdentity() caller: Identity): Promise<WebForm> {
    return toWebForm(await this.forms.update(caller, input));
  }

  @ResolveField(() => FormSubmissionConnection, { description: 'Accepted posts of the form, newest first.' })
  async submissions(@Parent() form: WebForm, @Args() args: FormSubmissionsArgs): Promise<FormSubmissionConnection> {
    return mapNodes(await this.forms.submissions(form.id, args), toFormSubmission);
  }
}
