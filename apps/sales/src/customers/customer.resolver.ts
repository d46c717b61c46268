import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext, mapNodes, referenceId } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { Contact, toContact } from './contact.object';
import { ContactService } from './contact.service';
import { CreateCustomerInput, CustomerDuplicatesArgs, CustomerSearchArgs, CustomersArgs, UpdateCustomerInput } from './customer.input';
import { Customer, CustomerConnection, CustomerSearchHit, toCustomer } from './customer.object';
import { CustomerService, DUPLICATES_MAX } from './customer.service';

@CanRead('sales')
@Resolver(() => Customer)
export class CustomerResolver {
  constructor(
    private readonly customerService: CustomerService,
    private readonly contactService: ContactService,
  ) {}

  private byId(ctx: GraphQLRequestContext) {
    return ctx.loaders.get('customerById', (ids) => this.customerService.findByIds(ids));
  }

  @Query(() => Customer, { nullable: true, description: 'A customer by id, or null when there is none.' })
  async customer(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @Context() ctx: GraphQLRequestContext,
  ): Promise<Customer | null> {
    const found = await this.byId(ctx).load(id);
    return found ? toCustomer(found) : null;
  }

  @Query(() => CustomerConnection, { description: 'Customers, filtered and sorted, a page at a time.' })
  async customers(@Args() args: CustomersArgs, @CurrentIdentity() caller: Identity): Promise<CustomerConnection> {
    const page = await this.customerService.page(caller, args);
    return mapNodes(page, toCustomer);
  }

  @Query(() => [Customer], {
    description: `Customers that may duplicate one with this contact email or domain, oldest first, at most ${DUPLICATES_MAX}.`,
  })
  async customerDuplicates(@Args() args: CustomerDuplicatesArgs): Promise<Customer[]> {
    return (await this.customerService.duplicates(args)).map(toCustomer);
  }

  @Query(() => [CustomerSearchHit], {
    description: 'Customers whose name, domain or a contact email contains the query (names also by similarity), best match first.',
  })
  async searchCustomers(@Args() args: CustomerSearchArgs): Promise<CustomerSearchHit[]> {
    return (await this.customerService.search(args)).map((h) => ({ ...h, customer: toCustomer(h.customer) }));
  }

  @CanWrite('sales')
  @Mutation(() => Customer)
  async createCustomer(@Args('input') input: CreateCustomerInput, @CurrentIdentity() caller: Identity): Promise<Customer> {
    return toCustomer(await this.customerService.create(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Customer)
  async updateCustomer(@Args('input') input: UpdateCustomerInput, @CurrentIdentity() caller: Identity): Promise<Customer> {
    return toCustomer(await this.customerService.update(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Customer, { description: 'Soft-deletes a customer: it leaves lists and lookups until restored.' })
  async deleteCustomer(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Customer> {
    return toCustomer(await this.customerService.delete(caller, id));
  }

  @CanWrite('sales')
  @Mutation(() => Customer, { description: 'Brings back a soft-deleted customer.' })
  async restoreCustomer(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Customer> {
    return toCustomer(await this.customerService.restore(caller, id));
  }

  @ResolveReference()
  async resolveReference(@Parent() reference: { id?: unknown }, @Context() ctx: GraphQLRequestContext): Promise<Customer | null> {
    const id = referenceId(reference);
    if (!id) return null;
    const found = await this.byId(ctx).load(id);
    return found ? toCustomer(found) : null;
  }

  @ResolveField(() => [Contact], { description: `The newest contacts, at most 100.` })
  async contacts(@Parent() customer: Customer, @Context() ctx: GraphQLRequestContext): Promise<Contact[]> {
    const list = await ctx.loaders.get('contactsByCustomer', (ids) => this.contactService.byCustomerIds(ids)).load(customer.id);
    return list.map(toContact);
  }
}
