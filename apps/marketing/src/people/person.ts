import type { PersonKind } from './person.enums';

/** A person as marketing addresses them: whose record, which address, which customer (when known). */
export interface Person {
  kind: PersonKind;
  id: string;
  email: string;
  name: string | null;
  company: string | null;
  customerId: string | null;
}
