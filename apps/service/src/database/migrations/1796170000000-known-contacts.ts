import { KnownContactsMigration } from '@crm/references';

/** The local read model of sales' contacts that a case's contact is checked against first. */
export class KnownContacts1796170000000 extends KnownContactsMigration {
  name = 'KnownContacts1796170000000';
}
