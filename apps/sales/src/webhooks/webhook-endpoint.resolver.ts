import { CurrentIdentity, type Identity } from '@crm/auth';
import { ConnectionArgs, mapNodes, pageSize, ParseIdPipe, type GraphQLRequestContext } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminOnly } from '../users/admin-only';
import { toWebhookDeliveryAttempt, WebhookDeliveryAttemptConnection } from './webhook-delivery-attempt.object';
import { RegisterWebhookEndpointInput, WebhookEndpointsArgs } from './webhook-endpoint.input';
import { RegisteredWebhookEndpoint, toWebhookEndpoint, WebhookEndpoint, WebhookEndpointConnection } from './webhook-endpoint.object';
import { WebhookEndpointService } from './webhook-endpoint.service';

/** Where the company's other systems hear about changes: an administrator's setting. */
@AdminOnly()
@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  constructor(private readonly endpoints: WebhookEndpointService) {}

  @Query(() => WebhookEndpointConnection, { description: 'Webhook endpoints, newest first (admin only).' })
  async webhookEndpoints(@Args() args: WebhookEndpointsArgs): Promise<WebhookEndpointConnection> {
    return mapNodes(await this.endpoints.page(args), toWebhookEndpoint);
  }

  @Query(() => WebhookEndpoint, {
    nullable: true,
    description: 'One webhook endpoint with its delivery log; null when there is none (admin only).',
  })
  async webhookEndpoint(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<WebhookEndpoint | null> {
    const endpoint = await this.endpoints.find(id);
    return endpoint ? toWebhookEndpoint(endpoint) : null;
  }

  @ResolveField(() => WebhookDeliveryAttemptConnection, {
    description: "The webhook worker's delivery log of this endpoint: every attempt, newest first.",
  })
  async deliveries(
    @Parent() endpoint: WebhookEndpoint,
    @Args() args: ConnectionArgs,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<WebhookDeliveryAttemptConnection> {
    const size = pageSize(args.first);
    // Endpoints listed with the same page arguments share one loader, and so one statement.
    const loader = ctx.loaders.get(`webhook-deliveries:${size}:${args.after ?? ''}`, (ids) =>
      this.endpoints.deliveryPages(ids, size, args.after),
    );
    return mapNodes(await loader.load(endpoint.id), toWebhookDeliveryAttempt);
  }

  @Mutation(() => RegisteredWebhookEndpoint, {
    description: 'Registers an endpoint for the chosen event types; the answer is the only time its signing secret is shown (admin only).',
  })
  async registerWebhookEndpoint(
    @Args('input') input: RegisterWebhookEndpointInput,
    @CurrentIdentity() caller: Identity,
  ): Promise<RegisteredWebhookEndpoint> {
    const { endpoint, secret } = await this.endpoints.register(caller, input);
    return { endpoint: toWebhookEndpoint(endpoint), secret };
  }

  @Mutation(() => WebhookEndpoint, { description: 'Resumes deliveries to an endpoint, the backlog first (admin only).' })
  async enableWebhookEndpoint(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<WebhookEndpoint> {
    return toWebhookEndpoint(await this.endpoints.setEnabled(caller, id, true));
  }

  @Mutation(() => WebhookEndpoint, { description: 'Stops deliveries to an endpoint; what happens meanwhile waits for it (admin only).' })
  async disableWebhookEndpoint(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<WebhookEndpoint> {
    return toWebhookEndpoint(await this.endpoints.setEnabled(caller, id, false));
  }
}
