import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('email_template')
@Index('email_template_created_idx', ['createdAt', 'id'])
export class EmailTemplateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  html!: string;

  @Column('text', { nullable: true })
  text!: string | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
