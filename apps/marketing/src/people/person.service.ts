import { InvalidError, NotFoundError } from '@crm/domain';
import { CustomerReferences, type CallerCredential } from '@crm/references';
import { Injectable } from '@nestjs/common';
import { PersonKind } from './person.enums';
import type { PersonInput } from './person.input';
import type { Person } from './person';
import { PersonRepository } from './person.repository';

/**
 * Turns the people an input names into addressable people, before any transaction opens: a lead
 * must exist here; a contact's customer must exist in sales (checked through the references, as
 * every write naming a customer is). `field` is the input's path, so a refusal names the entry.
 */
@Injectable()
export class PersonService {
  constructor(
    private readonly people: PersonRepository,
    private readonly customers: CustomerReferences,
  ) {}

  async resolve(input: PersonInput, field: string, credential: CallerCredential): Promise<Person> {
    const [person] = await this.resolveMany([input], field, credential, false);
    return person!;
  }

  /** In the order given; `indexed` names entries as `field.<i>` (a list input). */
  async resolveMany(inputs: readonly PersonInput[], field: string, credential: CallerCredential, indexed = true): Promise<Person[]> {
    const at = (i: number) => (indexed ? `${field}.${i}` : field);
    const leadIds = inputs.filter((p) => p.kind === PersonKind.LEAD).map((p) => p.id);
    const leads = new Map((leadIds.length ? await this.people.leadsByIds(leadIds) : []).map((l) => [l.id, l]));
    const out: Person[] = [];
    for (const [i, p] of inputs.entries()) {
      if (p.kind === PersonKind.LEAD) {
        const lead = leads.get(p.id);
        if (!lead) throw new NotFoundError('Lead', p.id, `${at(i)}.id`);
        if (p.email && p.email !== lead.email) throw new InvalidError(`${at(i)}.email`, "is not the lead's email address; leave it out");
        if (p.customerId) throw new InvalidError(`${at(i)}.customerId`, "is the lead's own; leave it out for a lead");
        out.push(lead);
        continue;
      }
      if (!p.email) throw new InvalidError(`${at(i)}.email`, 'is required for a contact');
      if (!p.customerId) throw new InvalidError(`${at(i)}.customerId`, 'is required for a contact');
      const customerId = await this.customers.resolve(p.customerId, `${at(i)}.customerId`, credential);
      out.push({ kind: PersonKind.CONTACT, id: p.id, email: p.email, name: null, company: null, customerId });
    }
    return out;
  }
}
