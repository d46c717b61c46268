import { Module } from '@nestjs/common';
import { CrossSellRepository } from './cross-sell.repository';
import { CrossSellResolver } from './cross-sell.resolver';
import { CrossSellService } from './cross-sell.service';

/** Cross-sell suggestions on Customer.intelligence, mined at query time from the warehouse's won deals. */
@Module({ providers: [CrossSellRepository, CrossSellService, CrossSellResolver] })
export class CrossSellModule {}
