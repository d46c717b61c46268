import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('kb_category')
@Index('kb_category_name_key', ['name'], { unique: true })
export class KnowledgeCategoryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('timestamptz')
  createdAt!: Date;
}
