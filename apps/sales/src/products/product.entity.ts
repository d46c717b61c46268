import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('product')
@Index('product_sku_key', ['sku'], { unique: true })
@Index('product_name_idx', ['name', 'id'])
@Index('product_created_idx', ['createdAt', 'id'])
export class ProductEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Stock-keeping unit, the catalogue's own code. */
  @Column('text')
  sku!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  /** Inactive products stay on old quotes but cannot be quoted again. */
  @Column('boolean', { default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
