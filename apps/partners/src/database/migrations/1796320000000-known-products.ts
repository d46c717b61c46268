import { KnownProductsMigration } from '@crm/references';

/** known_product: the sales products deal registrations name, confirmed by sales once and remembered. */
export class KnownProducts1796320000000 extends KnownProductsMigration {
  name = 'KnownProducts1796320000000';
}
