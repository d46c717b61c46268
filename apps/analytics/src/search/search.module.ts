import { Module } from '@nestjs/common';
import { SearchConsumer } from './search.consumer';
import { SearchRepository } from './search.repository';
import { SearchResolver } from './search.resolver';
import { SearchService } from './search.service';

/** Search across everything: the index, kept from events, and the query over it. */
@Module({ providers: [SearchRepository, SearchService, SearchConsumer, SearchResolver] })
export class SearchModule {}
