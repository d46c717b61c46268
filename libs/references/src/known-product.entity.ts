import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A service's read model of sales' products: the ids sales has confirmed. Sales publishes no
 * product events and never deletes a product (an old one is only made inactive, and stays valid
 * on what already names it), so a confirmation is permanent and the table is filled by lookups.
 */
@Entity('known_product')
export class KnownProductEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** When sales first confirmed it. */
  @Column('timestamptz')
  confirmedAt!: Date;
}
