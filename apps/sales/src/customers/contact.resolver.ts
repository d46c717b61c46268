import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext, referenceId } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, ResolveReference, Resolver } from '@nestjs/graphql';
import { AddContactInput, ContactPointType, UpdateContactInput } from './contact.input';
import { Contact, ContactEmail, ContactPhone, toContact, toContactEmail, toContactPhone } from './contact.object';
import { ContactService } from './contact.service';

@CanRead('sales')
@Resolver(() => Contact)
export class ContactResolver {
  constructor(private readonly contacts: ContactService) {}

  @Query(() => Contact, { nullable: true, description: 'A contact by id, or null when there is none.' })
  async contact(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Contact | null> {
    const found = await this.contacts.findById(id);
    return found ? toContact(found) : null;
  }

  /** `_entities` by key (search hits point at contacts), batched; an unknown id answers null. */
  @ResolveReference()
  async resolveReference(@Parent() reference: { id?: unknown }, @Context() ctx: GraphQLRequestContext): Promise<Contact | null> {
    const id = referenceId(reference);
    if (!id) return null;
    const found = await ctx.loaders.get('contactById', (ids) => this.contacts.findByIds(ids)).load(id);
    return found ? toContact(found) : null;
  }

  @CanWrite('sales')
  @Mutation(() => Contact, { description: 'Creates a contact at a customer.' })
  async addContact(@Args('input') input: AddContactInput, @CurrentIdentity() caller: Identity): Promise<Contact> {
    return toContact(await this.contacts.add(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Contact)
  async updateContact(@Args('input') input: UpdateContactInput, @CurrentIdentity() caller: Identity): Promise<Contact> {
    return toContact(await this.contacts.update(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Contact, { description: 'Deletes a contact with its emails, phones and deal roles; its activities stay.' })
  async deleteContact(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<Contact> {
    return toContact(await this.contacts.delete(caller, id));
  }

  @ResolveField(() => [ContactEmail], { description: 'Every email address, in the order given.' })
  async emails(@Parent() contact: Contact, @Context() ctx: GraphQLRequestContext): Promise<ContactEmail[]> {
    const rows = await ctx.loaders.get('emailsByContact', (ids) => this.contacts.emailsByContactIds(ids)).load(contact.id);
    // A contact written without its email rows (older data) still shows its primary email.
    if (rows.length === 0 && contact.email) return [{ address: contact.email, type: ContactPointType.WORK, primary: true }];
    return rows.map(toContactEmail);
  }

  @ResolveField(() => [ContactPhone], { description: 'Every phone number, in the order given.' })
  async phones(@Parent() contact: Contact, @Context() ctx: GraphQLRequestContext): Promise<ContactPhone[]> {
    const rows = await ctx.loaders.get('phonesByContact', (ids) => this.contacts.phonesByContactIds(ids)).load(contact.id);
    if (rows.length === 0 && contact.phone) return [{ number: contact.phone, type: ContactPointType.WORK, primary: true }];
    return rows.map(toContactPhone);
  }
}
