import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ContactEntity } from '../customers/contact.entity';
import type { ContactRole } from './opportunity.enums';
import type { OpportunityEntity } from './opportunity.entity';

/** A contact's part in a deal (decision maker, champion...). */
@Entity('opportunity_contact')
@Index('opportunity_contact_contact_idx', ['contactId'])
export class OpportunityContactEntity {
  @PrimaryColumn('uuid')
  opportunityId!: string;

  @PrimaryColumn('uuid')
  contactId!: string;

  @ManyToOne('OpportunityEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @ManyToOne('ContactEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;

  @Column('text')
  role!: ContactRole;
}
