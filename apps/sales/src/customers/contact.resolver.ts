import { CanRead, CanWrite } from '@crm/auth';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { AddContactInput } from './contact.input';
import { Contact, toContact } from './contact.object';
import { ContactService } from './contact.service';

@CanRead('sales')
@Resolver(() => Contact)
export class ContactResolver {
  constructor(private readonly contacts: ContactService) {}

  @CanWrite('sales')
  @Mutation(() => Contact)
  async addContact(@Args('input') input: AddContactInput): Promise<Contact> {
    return toContact(await this.contacts.add(input));
  }
}
