import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { SegmentAudienceModule } from '../segments/segment-audience.module';
import { CampaignMemberEntity } from './campaign-member.entity';
import { CampaignMemberService } from './campaign-member.service';
import { CampaignEntity } from './campaign.entity';
import { CampaignRepository } from './campaign.repository';
import { CampaignResolver } from './campaign.resolver';
import { CampaignService } from './campaign.service';

@Module({
  imports: [TypeOrmModule.forFeature([CampaignEntity, CampaignMemberEntity]), PeopleModule, SegmentAudienceModule],
  providers: [CampaignRepository, CampaignService, CampaignMemberService, CampaignResolver],
  exports: [CampaignRepository, CampaignMemberService],
})
export class CampaignsModule {}

export const CAMPAIGN_ENTITIES = [CampaignEntity, CampaignMemberEntity];
