import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { ItemCondition } from './return.enums';

/** One line of a return: a product, how many, why, and in what state. */
@Entity('case_return_item')
@Check('case_return_item_quantity_check', '"quantity" > 0')
export class ReturnItemEntity {
  @PrimaryColumn('uuid')
  returnId!: string;

  /** 0, 1, 2... in the order they were asked for. */
  @PrimaryColumn('smallint')
  position!: number;

  @Column('uuid')
  productId!: string;

  @Column('int')
  quantity!: number;

  @Column('text')
  reason!: string;

  @Column('text')
  condition!: ItemCondition;
}
