import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeopleModule } from '../people/people.module';
import { ConsentRecordEntity } from './consent-record.entity';
import { ConsentStateEntity } from './consent-state.entity';
import { ConsentRepository } from './consent.repository';
import { ConsentResolver } from './consent.resolver';
import { ConsentService } from './consent.service';

@Module({
  imports: [TypeOrmModule.forFeature([ConsentRecordEntity, ConsentStateEntity]), PeopleModule],
  providers: [ConsentRepository, ConsentService, ConsentResolver],
  exports: [ConsentService],
})
export class ConsentModule {}

export const CONSENT_ENTITIES = [ConsentRecordEntity, ConsentStateEntity];
