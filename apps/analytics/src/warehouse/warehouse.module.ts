import { Module } from '@nestjs/common';
import { WarehouseConsumer } from './warehouse.consumer';
import { WarehouseRepository } from './warehouse.repository';
import { WarehouseService } from './warehouse.service';

@Module({
  providers: [WarehouseRepository, WarehouseService, WarehouseConsumer],
  exports: [WarehouseRepository],
})
export class WarehouseModule {}
