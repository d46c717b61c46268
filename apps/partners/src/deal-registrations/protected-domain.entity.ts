import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The domains registrations protect, one row per live registration. Not row-level scoped: the
 * conflict check must see other partners' protection, and nothing ever shows these rows to a
 * partner (the refusal does not say who holds the domain).
 */
@Entity('protected_domain')
@Index('protected_domain_domain_idx', ['domain', 'protectedUntil'])
export class ProtectedDomainEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_protected_domain' })
  registrationId!: string;

  @Column('text')
  domain!: string;

  @Column('uuid')
  partnerId!: string;

  @Column('timestamptz')
  protectedUntil!: Date;
}
