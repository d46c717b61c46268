import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A contact as contacts.csv shows it: its customer's name and domain, every email and phone. */
export interface ContactExportRow {
  id: string;
  customer_id: string;
  customer_name: string;
  customer_domain: string | null;
  first_name: string;
  last_name: string;
  email: string | null;
  emails: string | null;
  phone: string | null;
  phones: string | null;
  title: string | null;
  role: string | null;
  created_at: Date;
  updated_at: Date;
}

@Injectable()
export class ContactExportRepository {
  constructor(private readonly db: DataSource) {}

  /** One keyset page of these customers' contacts, by (customer, contact id): a customer with many contacts spans pages. */
  page(customerIds: readonly string[], after: { customerId: string; id: string } | null, limit: number): Promise<ContactExportRow[]> {
    return this.db.query(
      `SELECT c.id, c.customer_id, cu.name AS customer_name, cu.domain AS customer_domain, c.first_name, c.last_name,
              c.email, (SELECT string_agg(e.address, ';' ORDER BY e.position) FROM contact_email e WHERE e.contact_id = c.id) AS emails,
              c.phone, (SELECT string_agg(p.number, ';' ORDER BY p.position) FROM contact_phone p WHERE p.contact_id = c.id) AS phones,
              c.title, c.role, c.created_at, c.updated_at
       FROM contact c JOIN customer cu ON cu.id = c.customer_id
       WHERE c.customer_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR (c.customer_id, c.id) > ($2::uuid, $3::uuid))
       ORDER BY c.customer_id, c.id LIMIT $4`,
      [customerIds, after?.customerId ?? null, after?.id ?? null, limit],
    );
  }
}
