import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseSatisfactionController } from './case-satisfaction.controller';
import { CaseSatisfactionEntity } from './case-satisfaction.entity';
import { CaseSatisfactionRepository } from './case-satisfaction.repository';
import { CaseSatisfactionResolver } from './case-satisfaction.resolver';
import { CaseSatisfactionService } from './case-satisfaction.service';
import { ContactEmailConsumer } from './contact-email.consumer';
import { ContactEmailEntity } from './contact-email.entity';
import { ContactEmailRepository } from './contact-email.repository';
import { SurveyMailJob } from './survey-mail.job';
import { SurveySender } from './survey-sender';

@Module({
  imports: [TypeOrmModule.forFeature([CaseSatisfactionEntity, ContactEmailEntity])],
  controllers: [CaseSatisfactionController],
  providers: [
    CaseSatisfactionRepository,
    CaseSatisfactionService,
    CaseSatisfactionResolver,
    SurveySender,
    SurveyMailJob,
    ContactEmailRepository,
    ContactEmailConsumer,
  ],
  exports: [CaseSatisfactionService],
})
export class SatisfactionModule {}

export const SATISFACTION_ENTITIES = [CaseSatisfactionEntity, ContactEmailEntity];
