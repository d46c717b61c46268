import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ConsentModule } from '../consent/consent.module';
import { EmailModule } from '../email/email.module';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

@Module({
  imports: [EmailModule, CampaignsModule, ConsentModule],
  controllers: [TrackingController],
  providers: [TrackingService],
})
export class TrackingModule {}
