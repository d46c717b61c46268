import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ReturnStatus } from './return.enums';

/** A return authorisation (RMA) on a return case; its customer is the case's, kept here for scoping and lists. */
@Entity('case_return')
@Index('case_return_case_idx', ['caseId', 'requestedAt', 'id'])
@Index('case_return_customer_idx', ['customerId', 'requestedAt', 'id'])
@Index('case_return_requested_idx', ['requestedAt', 'id'])
@Check(
  'case_return_refund_check',
  `("refund_amount" IS NULL) = ("refund_currency" IS NULL) AND ("refund_amount" IS NULL) = ("status" <> 'REFUNDED')`,
)
export class ReturnEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  caseId!: string;

  @Column('uuid')
  customerId!: string;

  @Column('text')
  status!: ReturnStatus;

  /** Set when it is REFUNDED, and only then (a decimal string: money is never a float). */
  @Column('numeric', { nullable: true })
  refundAmount!: string | null;

  @Column('text', { nullable: true })
  refundCurrency!: string | null;

  /** Why it was REJECTED. */
  @Column('text', { nullable: true })
  rejectionReason!: string | null;

  /** The user or, through the portal, the contact who asked for it. */
  @Column('uuid', { nullable: true })
  requestedBy!: string | null;

  @Column('timestamptz')
  requestedAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
