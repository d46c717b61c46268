import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { PartnerEntity } from './partner.entity';

/**
 * A partner works with a customer. partner_id stays a plain column so row-level security can
 * scope rows by partner later. The customer is owned by sales: no foreign key across services.
 */
@Entity('partner_customer_link')
@Index('partner_customer_link_customer_idx', ['customerId', 'linkedAt'])
@Index('partner_customer_link_partner_idx', ['partnerId', 'linkedAt'])
export class PartnerCustomerLinkEntity {
  @PrimaryColumn('uuid')
  partnerId!: string;

  @PrimaryColumn('uuid')
  customerId!: string;

  @ManyToOne('PartnerEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_id' })
  partner?: PartnerEntity;

  @Column('timestamptz')
  linkedAt!: Date;
}
