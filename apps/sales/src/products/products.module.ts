import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PriceBookEntryEntity } from './price-book-entry.entity';
import { PriceBookEntity } from './price-book.entity';
import { ProductEntity } from './product.entity';
import { ProductRepository } from './product.repository';
import { PriceBookEntryResolver, PriceBookResolver, ProductResolver } from './product.resolver';
import { ProductService } from './product.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProductEntity, PriceBookEntity, PriceBookEntryEntity])],
  providers: [ProductRepository, ProductService, ProductResolver, PriceBookResolver, PriceBookEntryResolver],
  exports: [ProductService],
})
export class ProductsModule {}

export const PRODUCT_ENTITIES = [ProductEntity, PriceBookEntity, PriceBookEntryEntity];
