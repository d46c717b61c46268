import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A person who works in the CRM, keyed by their token's `sub`. `user` is a reserved word in
 * Postgres, hence the table's name.
 */
@Entity('app_user')
@Index('app_user_name_idx', ['name', 'id'])
@Index('app_user_manager_idx', ['managerId'])
@Index('app_user_email_idx', ['email'])
@Check('app_user_not_own_manager_check', `"manager_id" <> "id"`)
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** Stored lower-cased. Not unique: the identity provider, not this directory, owns who an address belongs to. */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  title!: string | null;

  /** A canonical IANA name ("Europe/Berlin"). */
  @Column('text', { nullable: true })
  timeZone!: string | null;

  @Column('boolean', { default: true })
  active!: boolean;

  /** The user's manager; the chain never has a cycle (the service refuses one). */
  @Column('uuid', { nullable: true })
  managerId!: string | null;

  @ManyToOne('UserEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'manager_id' })
  manager?: UserEntity;

  @Column('text', { nullable: true })
  regionalOffice!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
