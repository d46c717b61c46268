import type { Transaction } from '@crm/database';
import { Injectable } from '@nestjs/common';

@Injectable()
export class ContactEmailRepository {
  /** Records the contact's email as of `at`, unless a later change is already recorded (a replay never rolls it back). */
  async record(tx: Transaction, contactId: string, email: string | null, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO contact_email (contact_id, email, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (contact_id) DO UPDATE SET email = EXCLUDED.email, changed_at = EXCLUDED.changed_at
       WHERE contact_email.changed_at <= EXCLUDED.changed_at`,
      [contactId, email, at],
    );
  }
}
