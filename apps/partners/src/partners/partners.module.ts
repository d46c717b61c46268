import { CustomerReferencesModule } from '@crm/references';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerMergesModule } from '../customer-merges/customer-merges.module';
import { CustomerNameConsumer } from './customer-name.consumer';
import { CustomerNameEntity } from './customer-name.entity';
import { CustomerNameRepository } from './customer-name.repository';
import { CustomerPartnersResolver } from './customer-partners.resolver';
import { PartnerCustomerLinkEntity } from './partner-customer-link.entity';
import { PartnerLinkRepository } from './partner-link.repository';
import { PartnerLinkService } from './partner-link.service';
import { PartnerEntity } from './partner.entity';
import { PartnerRepository } from './partner.repository';
import { PartnerUserEntity } from './partner-user.entity';
import { PartnerUserRepository } from './partner-user.repository';
import { PartnerResolver } from './partner.resolver';
import { PartnerService } from './partner.service';

export const PARTNER_ENTITIES = [PartnerEntity, PartnerCustomerLinkEntity, PartnerUserEntity, CustomerNameEntity];

/** One customer read model (and its consumer) for the whole subgraph: the other modules get it from here. */
const customerReferences = CustomerReferencesModule.forRoot({ service: 'partners' });

@Module({
  imports: [TypeOrmModule.forFeature(PARTNER_ENTITIES), customerReferences, CustomerMergesModule],
  exports: [customerReferences],
  providers: [
    PartnerRepository,
    PartnerLinkRepository,
    PartnerUserRepository,
    PartnerService,
    PartnerLinkService,
    PartnerResolver,
    CustomerPartnersResolver,
    CustomerNameRepository,
    CustomerNameConsumer,
  ],
})
export class PartnersModule {}
