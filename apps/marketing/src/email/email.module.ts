import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { TrackingLinks } from '../tracking/tracking-links';
import { EmailMessageEntity } from './email-message.entity';
import { EmailSendEntity } from './email-send.entity';
import { EmailSenderJob } from './email-sender.job';
import { EmailTemplateEntity } from './email-template.entity';
import { EmailRepository } from './email.repository';
import { EmailResolver } from './email.resolver';
import { EmailService } from './email.service';

@Module({
  imports: [TypeOrmModule.forFeature([EmailTemplateEntity, EmailSendEntity, EmailMessageEntity]), CampaignsModule],
  providers: [EmailRepository, EmailService, EmailResolver, EmailSenderJob, TrackingLinks],
  exports: [EmailRepository, EmailSenderJob, TrackingLinks],
})
export class EmailModule {}

export const EMAIL_ENTITIES = [EmailTemplateEntity, EmailSendEntity, EmailMessageEntity];
