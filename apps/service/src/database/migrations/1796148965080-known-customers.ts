import { KnownCustomersMigration } from '@crm/references';

/** The local read model of sales' customers that writes naming a customer are checked against first. */
export class KnownCustomers1796148965080 extends KnownCustomersMigration {
  name = 'KnownCustomers1796148965080';
}
