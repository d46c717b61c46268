import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A named list of prices (list prices, partner prices...), one per product and currency. */
@Entity('price_book')
@Index('price_book_name_key', ['name'], { unique: true })
export class PriceBookEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
