import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What one field of a form fills on the lead. */
export type LeadAttribute =
  'EMAIL' | 'NAME' | 'FIRST_NAME' | 'LAST_NAME' | 'COMPANY' | 'TITLE' | 'PHONE' | 'COUNTRY' | 'INDUSTRY' | 'EMPLOYEE_COUNT';

export interface FormFieldMapping {
  /** The name of the form's input, as posted. */
  field: string;
  attribute: LeadAttribute;
  required: boolean;
}

/** A web form published on a site: its public key is in the page's action URL. */
@Entity('web_form')
@Index('web_form_key_key', ['key'], { unique: true })
@Index('web_form_created_idx', ['createdAt', 'id'])
export class WebFormEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Random and URL-safe; public, so it names the form but grants nothing. */
  @Column('text')
  key!: string;

  @Column('text')
  name!: string;

  @Column('jsonb')
  fieldMap!: FormFieldMapping[];

  /** Hidden fields: the campaign, and the UTM values a post does not carry itself. */
  @Column('uuid', { nullable: true })
  campaignId!: string | null;

  @Column('text', { nullable: true })
  utmSource!: string | null;

  @Column('text', { nullable: true })
  utmMedium!: string | null;

  @Column('text', { nullable: true })
  utmTerm!: string | null;

  /** The text beside the consent checkbox; null when the form asks for none. */
  @Column('text', { nullable: true })
  consentText!: string | null;

  /**
   * The checkbox is an explicit opt-in the person ticks to be contacted again: only then does a
   * ticked post lift a withdrawal. Any other form keeps an unsubscribed person unsubscribed.
   */
  @Column('boolean', { default: false })
  explicitOptIn!: boolean;

  /** A field bots fill and people do not see: a post with it filled is accepted and dropped. */
  @Column('text')
  honeypotField!: string;

  /** What a submission adds to the lead's engagement score. */
  @Column('integer')
  scorePoints!: number;

  /** Origins (scheme://host[:port]) whose pages may post to the form. */
  @Column('text', { array: true })
  allowedOrigins!: string[];

  @Column('text', { nullable: true })
  thankYouUrl!: string | null;

  @Column('text', { nullable: true })
  thankYouMessage!: string | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
