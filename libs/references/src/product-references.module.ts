import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerOwnerClient } from './customer-owner.client';
import { KnownProductEntity } from './known-product.entity';
import { ProductReferences } from './product-references';

/**
 * Import in a service whose writes name products (its config spreads customerReferencesEnvShape for
 * SALES_URL; its data source lists PRODUCT_REFERENCE_ENTITIES; a migration extends KnownProductsMigration).
 */
@Module({
  imports: [TypeOrmModule.forFeature([KnownProductEntity])],
  providers: [CustomerOwnerClient, ProductReferences],
  exports: [ProductReferences],
})
export class ProductReferencesModule {}
