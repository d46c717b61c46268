import { CustomerReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { PersonRepository } from './person.repository';
import { PersonService } from './person.service';

/** Leads and contacts as the campaign, consent and email modules address them. */
@Module({
  imports: [CustomerReferencesModule.forRoot({ service: 'marketing' })],
  providers: [PersonRepository, PersonService],
  exports: [PersonService, PersonRepository],
})
export class PeopleModule {}
