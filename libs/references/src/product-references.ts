import { NotFoundError, UnavailableError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CallerCredential } from './caller-credential';
import { CustomerOwnerClient, CustomerOwnerUnavailableError } from './customer-owner.client';
import { KnownProductEntity } from './known-product.entity';

/**
 * Checks a product id that a write names, before the write: known_product first, sales on a
 * miss. A product sales confirms is remembered, so the next write naming it costs one local read.
 */
@Injectable()
export class ProductReferences {
  constructor(
    @InjectRepository(KnownProductEntity) private readonly known: Repository<KnownProductEntity>,
    private readonly owner: CustomerOwnerClient,
  ) {}

  /** NOT_FOUND on `field` for a product sales does not have; SERVICE_UNAVAILABLE on `field` when sales cannot be asked. */
  async check(productId: string, field: string, caller: CallerCredential): Promise<void> {
    if (await this.known.existsBy({ id: productId })) return;
    let exists: boolean;
    try {
      exists = await this.owner.productExists(productId, caller);
    } catch (e) {
      if (!(e instanceof CustomerOwnerUnavailableError)) throw e;
      throw new UnavailableError(field, `product ${productId} could not be checked now (sales did not answer); try again`);
    }
    if (!exists) throw new NotFoundError('Product', productId, field);
    await this.known.createQueryBuilder().insert().values({ id: productId, confirmedAt: new Date() }).orIgnore().execute();
  }
}
