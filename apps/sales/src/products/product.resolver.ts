import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext, mapNodes } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CreatePriceBookInput, CreateProductInput, ProductsArgs, SetPriceInput, SetProductActiveInput } from './product.input';
import { PriceBook, PriceBookEntry, Product, ProductConnection, toPriceBook, toPriceBookEntry, toProduct } from './product.object';
import { ProductService } from './product.service';

@CanRead('sales')
@Resolver(() => Product)
export class ProductResolver {
  constructor(private readonly productService: ProductService) {}

  // Partners name a product when they register a deal, and the partners service checks it here
  // with the partner's own token; the catalogue is not partner data, so there is nothing to scope.
  @CanRead('sales', { partner: true })
  @Query(() => Product, { nullable: true, description: 'A product by id, or null when there is none.' })
  async product(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Product | null> {
    const found = await this.productService.findById(id);
    return found ? toProduct(found) : null;
  }

  @Query(() => ProductConnection, { description: 'Products, filtered and sorted, a page at a time.' })
  async products(@Args() args: ProductsArgs): Promise<ProductConnection> {
    const page = await this.productService.page(args);
    return mapNodes(page, toProduct);
  }

  @CanWrite('sales')
  @Mutation(() => Product)
  async createProduct(@Args('input') input: CreateProductInput, @CurrentIdentity() caller: Identity): Promise<Product> {
    return toProduct(await this.productService.create(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => Product, { description: 'Withdraws a product from quoting, or brings it back.' })
  async setProductActive(@Args('input') input: SetProductActiveInput, @CurrentIdentity() caller: Identity): Promise<Product> {
    return toProduct(await this.productService.setActive(caller, input));
  }

  @ResolveField(() => [PriceBookEntry], { description: 'Its prices in every price book and currency.' })
  async prices(@Parent() product: Product, @Context() ctx: GraphQLRequestContext): Promise<PriceBookEntry[]> {
    const rows = await ctx.loaders.get('pricesByProduct', (ids) => this.productService.pricesByProductIds(ids)).load(product.id);
    return rows.map(toPriceBookEntry);
  }
}

@CanRead('sales')
@Resolver(() => PriceBook)
export class PriceBookResolver {
  constructor(private readonly productService: ProductService) {}

  @Query(() => [PriceBook], { description: 'Every price book, by name. There are few.' })
  async priceBooks(): Promise<PriceBook[]> {
    return (await this.productService.priceBooks()).map(toPriceBook);
  }

  @CanWrite('sales')
  @Mutation(() => PriceBook)
  async createPriceBook(@Args('input') input: CreatePriceBookInput, @CurrentIdentity() caller: Identity): Promise<PriceBook> {
    return toPriceBook(await this.productService.createPriceBook(caller, input));
  }

  @CanWrite('sales')
  @Mutation(() => PriceBookEntry, { description: "Sets a product's unit price in one currency of a price book." })
  async setPrice(@Args('input') input: SetPriceInput, @CurrentIdentity() caller: Identity): Promise<PriceBookEntry> {
    return toPriceBookEntry(await this.productService.setPrice(caller, input));
  }

  @ResolveField(() => [PriceBookEntry])
  async entries(@Parent() book: PriceBook, @Context() ctx: GraphQLRequestContext): Promise<PriceBookEntry[]> {
    const rows = await ctx.loaders.get('pricesByPriceBook', (ids) => this.productService.pricesByPriceBookIds(ids)).load(book.id);
    return rows.map(toPriceBookEntry);
  }
}

@CanRead('sales')
@Resolver(() => PriceBookEntry)
export class PriceBookEntryResolver {
  constructor(private readonly productService: ProductService) {}

  @ResolveField(() => Product, { nullable: true })
  async product(@Parent() entry: PriceBookEntry, @Context() ctx: GraphQLRequestContext): Promise<Product | null> {
    const found = await ctx.loaders.get('productById', (ids) => this.productService.findByIds(ids)).load(entry.productId);
    return found ? toProduct(found) : null;
  }
}
