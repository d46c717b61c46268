import { KnownProductsMigration } from '@crm/references';

/** The local read model of sales' products that cases naming a product are checked against first. */
export class KnownProducts1796160358600 extends KnownProductsMigration {
  name = 'KnownProducts1796160358600';
}
