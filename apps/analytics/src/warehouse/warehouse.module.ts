import { Module } from '@nestjs/common';
import { FirstTouchRepository } from './first-touch.repository';
import { WarehouseConsumer } from './warehouse.consumer';
import { WarehouseRepository } from './warehouse.repository';
import { WarehouseService } from './warehouse.service';

@Module({
  providers: [WarehouseRepository, FirstTouchRepository, WarehouseService, WarehouseConsumer],
  exports: [WarehouseRepository],
})
export class WarehouseModule {}
