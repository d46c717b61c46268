import { Module } from '@nestjs/common';
import { SearchConsumer } from './search.consumer';
import { SearchRepository } from './search.repository';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** The search index as a read model, kept from events: the replay rebuilds it with this module alone. */
@Module({ providers: [SearchRepository, SearchService, SearchConsumer], exports: [SearchService] })
export class SearchReadModelModule {}

/** Search across everything: the index, kept from events, and the query over it. */
@Module({ imports: [SearchReadModelModule], providers: [SearchResolver] })
export class SearchModule {}
