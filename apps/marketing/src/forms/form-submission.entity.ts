import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { WebFormEntity } from './web-form.entity';

/**
 * One accepted post of a form. It keeps the consent facts as they were at the time (the text shown
 * and whether the box was ticked): the consent register is built from the form-submitted event.
 */
@Entity('form_submission')
@Index('form_submission_form_idx', ['formId', 'submittedAt', 'id'])
@Index('form_submission_lead_idx', ['leadId'])
export class FormSubmissionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  formId!: string;

  @ManyToOne('WebFormEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'form_id' })
  form?: WebFormEntity;

  /** The lead it created or updated. No foreign key: a later merge deletes the duplicate lead, not its history. */
  @Column('uuid')
  leadId!: string;

  /** The mapped values, by lead attribute. */
  @Column('jsonb')
  values!: Record<string, string>;

  @Column('uuid', { nullable: true })
  campaignId!: string | null;

  @Column('text', { nullable: true })
  utmSource!: string | null;

  @Column('text', { nullable: true })
  utmMedium!: string | null;

  @Column('text', { nullable: true })
  utmTerm!: string | null;

  @Column('text', { nullable: true })
  consentText!: string | null;

  @Column('boolean')
  consentGiven!: boolean;

  @Column('text', { nullable: true })
  origin!: string | null;

  @Column('text', { nullable: true })
  ipAddress!: string | null;

  @Column('timestamptz')
  submittedAt!: Date;
}
