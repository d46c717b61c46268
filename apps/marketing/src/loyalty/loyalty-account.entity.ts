import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** A customer's balance (the sum of its ledger, kept with each line) and tier; its row lock orders the customer's lines. */
@Entity('loyalty_account')
@Check('loyalty_account_balance_check', '"balance" >= 0')
export class LoyaltyAccountEntity {
  @PrimaryColumn('uuid')
  customerId!: string;

  @Column('integer')
  balance!: number;

  @Column('text', { nullable: true })
  tier!: string | null;

  @Column('timestamptz')
  updatedAt!: Date;
}
