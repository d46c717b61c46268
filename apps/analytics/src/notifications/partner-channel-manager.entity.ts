import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Each partner's channel manager, as partners' own events say: whom a deal registration of the partner waits on. */
@Entity('partner_channel_manager')
export class PartnerChannelManagerEntity {
  @PrimaryColumn('uuid')
  partnerId!: string;

  @Column('uuid', { nullable: true })
  channelManagerId!: string | null;
}
