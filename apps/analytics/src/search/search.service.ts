import { scopedPartnerId, type Identity } from '@crm/auth';
import {
  ContactDeleted,
  CustomerDeleted,
  CustomerMerged,
  CustomerRestored,
  KnowledgeArticleArchived,
  LeadsMerged,
  PartnerLinkedToCustomer,
  PartnerUnlinkedFromCustomer,
} from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { InvalidError } from '@crm/domain';
import { on, type EventHandler } from '@crm/events';
import { Injectable } from '@nestjs/common';
import { DOCUMENT_DESCRIBERS } from './search-document';
import { PARTNER_SEARCH_TYPES, SearchType } from './search-type';
import type { SearchArgs } from './search.input';
import { SearchRepository, type SearchRow } from './search.repository';

export const DEFAULT_SEARCH_HITS = 20;

/** Records leaving the index or moving in it, and partners' links to customers; every other change is a describer's. */
const REMOVALS = [
  ContactDeleted,
  CustomerDeleted,
  CustomerRestored,
  CustomerMerged,
  LeadsMerged,
  KnowledgeArticleArchived,
  PartnerLinkedToCustomer,
  PartnerUnlinkedFromCustomer,
];

/** Every contract the index is kept from. */
export const SEARCH_CONTRACTS = [...DOCUMENT_DESCRIBERS.map((d) => d.contract), ...REMOVALS];

/** Search across everything: the index kept from the owners' events, and the query over it in the caller's scope. */
@Injectable()
export class SearchService {
  constructor(
    private readonly index: SearchRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** Each event's change to the index, in the consumer's transaction; the runner's inbox makes redelivery a no-op. */
  handlers(): EventHandler[] {
    const index = this.index;
    return [
      ...DOCUMENT_DESCRIBERS.map((describer) =>
        on(describer.contract, async (event, tx) => {
          const c = describer.change(event.data);
          // The customer's document carries its contacts' emails, whichever of the two came first.
          const customerId = c.type === SearchType.CUSTOMER || c.type === SearchType.CONTACT ? c.customerId : null;
          if (customerId) await index.lockCustomer(tx, customerId);
          await index.upsert(tx, c, new Date(event.time));
          if (customerId) await index.refreshContactEmails(tx, [customerId]);
        }),
      ),
      on(ContactDeleted, async ({ data }, tx) => {
        await index.lockCustomer(tx, data.customerId);
        await index.remove(tx, SearchType.CONTACT, [data.contactId]);
        await index.refreshContactEmails(tx, [data.customerId]);
      }),
      on(CustomerDeleted, ({ data }, tx) => index.hide(tx, SearchType.CUSTOMER, data.customerId, true)),
      on(CustomerRestored, ({ data }, tx) => index.hide(tx, SearchType.CUSTOMER, data.customerId, false)),
      on(CustomerMerged, async ({ data }, tx) => {
        await index.lockCustomer(tx, data.survivorId);
        await index.moveToCustomer(tx, data.mergedId, data.survivorId);
        await index.remove(tx, SearchType.CUSTOMER, [data.mergedId]);
        await index.refreshContactEmails(tx, [data.survivorId]);
      }),
      on(LeadsMerged, ({ data }, tx) => index.remove(tx, SearchType.LEAD, [data.duplicateId])),
      on(PartnerLinkedToCustomer, ({ data }, tx) => index.linkPartner(tx, data.partnerId, data.customerId)),
      on(PartnerUnlinkedFromCustomer, ({ data }, tx) => index.unlinkPartner(tx, data.partnerId, data.customerId)),
      // Publishing it again writes its whole document anew (the event carries all it has).
      on(KnowledgeArticleArchived, ({ data }, tx) => index.remove(tx, SearchType.KNOWLEDGE_ARTICLE, [data.articleId])),
    ];
  }

  /** The best hits for the caller: a partner's only among its own records, by filter and by row-level security. */
  async search(caller: Identity, args: SearchArgs): Promise<SearchRow[]> {
    const partnerId = scopedPartnerId(caller);
    const asked = args.types?.length ? [...new Set(args.types)] : null;
    const unreadable = partnerId ? (asked ?? []).filter((t) => !PARTNER_SEARCH_TYPES.includes(t)) : [];
    if (unreadable.length > 0)
      throw new InvalidError('types', `a partner searches only ${PARTNER_SEARCH_TYPES.join(', ')}, not ${unreadable.join(', ')}`);
    return this.uow.run(caller, (tx) =>
      this.index.search(tx, {
        text: args.query,
        types: asked ?? (partnerId ? [...PARTNER_SEARCH_TYPES] : null),
        partnerId,
        limit: args.first ?? DEFAULT_SEARCH_HITS,
      }),
    );
  }
}
