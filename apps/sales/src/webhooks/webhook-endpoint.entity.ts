import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where the webhook worker sends the events an admin chose. */
@Entity('webhook_endpoint')
@Index('webhook_endpoint_created_idx', ['createdAt', 'id'])
export class WebhookEndpointEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_endpoint' })
  id!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  /** CloudEvents types from the contracts (AllEvents). */
  @Column('text', { array: true })
  eventTypes!: string[];

  @Column('boolean', { default: true })
  enabled!: boolean;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
