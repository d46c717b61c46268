import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { ProductsModule } from '../products/products.module';
import { QuoteLineEntity } from './quote-line.entity';
import { QuoteEntity } from './quote.entity';
import { QuoteRepository } from './quote.repository';
import { OpportunityQuotesResolver, QuoteLineResolver, QuoteResolver } from './quote.resolver';
import { QuoteService } from './quote.service';

@Module({
  imports: [TypeOrmModule.forFeature([QuoteEntity, QuoteLineEntity]), OpportunitiesModule, ProductsModule],
  providers: [QuoteRepository, QuoteService, QuoteResolver, QuoteLineResolver, OpportunityQuotesResolver],
})
export class QuotesModule {}

export const QUOTE_ENTITIES = [QuoteEntity, QuoteLineEntity];
