import { CanRead, CanWrite, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe, type GraphQLRequestContext, mapNodes } from '@crm/graphql';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Opportunity } from '../opportunities/opportunity.object';
import { Product, toProduct } from '../products/product.object';
import { ProductService } from '../products/product.service';
import { ChangeQuoteStatusInput, CreateQuoteInput, QuotesArgs } from './quote.input';
import { Quote, QuoteConnection, QuoteLine, toQuote, toQuoteLine } from './quote.object';
import { QuoteService } from './quote.service';

@CanRead('sales')
@Resolver(() => Quote)
export class QuoteResolver {
  constructor(private readonly quoteService: QuoteService) {}

  @Query(() => Quote, { nullable: true, description: 'A quote by id, or null when there is none.' })
  async quote(@Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string): Promise<Quote | null> {
    const found = await this.quoteService.findById(id);
    return found ? toQuote(found) : null;
  }

  @Query(() => QuoteConnection, { description: 'Quotes, filtered and sorted, a page at a time.' })
  async quotes(@Args() args: QuotesArgs): Promise<QuoteConnection> {
    const page = await this.quoteService.page(args);
    return mapNodes(page, toQuote);
  }

  @CanWrite('sales')
  @Mutation(() => Quote, { description: "Creates the opportunity's next quote version, as a DRAFT, with exact decimal totals." })
  async createQuote(@Args('input') input: CreateQuoteInput, @CurrentIdentity() who: Identity): Promise<Quote> {
    return toQuote(await this.quoteService.create(input, who));
  }

  @CanWrite('sales')
  @Mutation(() => Quote, {
    description:
      "Moves a quote along DRAFT → SENT → ACCEPTED, REJECTED or EXPIRED. Accepting sets the opportunity's amount to the quote's subtotal; an opportunity has at most one accepted quote.",
  })
  async changeQuoteStatus(@Args('input') input: ChangeQuoteStatusInput, @CurrentIdentity() who: Identity): Promise<Quote> {
    return toQuote(await this.quoteService.changeStatus(input, who));
  }

  @ResolveField(() => [QuoteLine], { description: 'In order.' })
  async lines(@Parent() quote: Quote, @Context() ctx: GraphQLRequestContext): Promise<QuoteLine[]> {
    const rows = await ctx.loaders.get('quoteLines', (ids) => this.quoteService.linesByQuoteIds(ids)).load(quote.id);
    return rows.map((l) => toQuoteLine(l, quote.total.currency));
  }
}

@CanRead('sales')
@Resolver(() => QuoteLine)
export class QuoteLineResolver {
  constructor(private readonly productService: ProductService) {}

  @ResolveField(() => Product, { nullable: true })
  async product(@Parent() line: QuoteLine, @Context() ctx: GraphQLRequestContext): Promise<Product | null> {
    const found = await ctx.loaders.get('productById', (ids) => this.productService.findByIds(ids)).load(line.productId);
    return found ? toProduct(found) : null;
  }
}

/** `Opportunity.quotes`, kept beside the quotes. */
@CanRead('sales')
@Resolver(() => Opportunity)
export class OpportunityQuotesResolver {
  constructor(private readonly quoteService: QuoteService) {}

  @ResolveField(() => [Quote], { description: 'Every version, newest first.' })
  async quotes(@Parent() opportunity: Opportunity, @Context() ctx: GraphQLRequestContext): Promise<Quote[]> {
    const rows = await ctx.loaders.get('quotesByOpportunity', (ids) => this.quoteService.byOpportunityIds(ids)).load(opportunity.id);
    return rows.map(toQuote);
  }
}
