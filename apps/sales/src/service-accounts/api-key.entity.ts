import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ServiceAccountEntity } from './service-account.entity';

/** One key of a service account: only a keyed hash of its secret is kept (api-key-secret.ts says why). */
@Entity('api_key')
@Index('api_key_account_idx', ['serviceAccountId', 'createdAt'])
export class ApiKeyEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_api_key' })
  id!: string;

  @Column('uuid')
  serviceAccountId!: string;

  @ManyToOne('ServiceAccountEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_account_id', foreignKeyConstraintName: 'FK_api_key_service_account' })
  serviceAccount?: ServiceAccountEntity;

  /** HMAC-SHA256 of the secret under API_KEY_SECRET. */
  @Column('bytea')
  hash!: Buffer;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @Column('timestamptz')
  createdAt!: Date;

  /** Set once: a revoked key is never valid again. */
  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;

  /** When it was last exchanged for a token. */
  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;
}
