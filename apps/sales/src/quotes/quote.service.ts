import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { QuoteCreated, QuoteStatusChanged } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { formatAmount } from '../opportunities/money-amount';
import type { OpportunityEntity } from '../opportunities/opportunity.entity';
import { OpportunityStatus } from '../opportunities/opportunity.enums';
import { OpportunityService } from '../opportunities/opportunity.service';
import { ProductService } from '../products/product.service';
import { decimalWithin, isPositive, quoteTotals } from './quote-totals';
import { quoteTransitionRefusal } from './quote-transitions';
import type { QuoteLineEntity } from './quote-line.entity';
import type { QuoteEntity } from './quote.entity';
import { QuoteStatus } from './quote.enums';
import { type ChangeQuoteStatusInput, type CreateQuoteInput, type QuoteLineInput, type QuotesArgs } from './quote.input';
import { QUOTE_CURSORS, QuoteRepository } from './quote.repository';

/** numeric(19,4) holds 15 integer digits. */
const MAX_AMOUNT = '999999999999999';

function checkLines(lines: QuoteLineInput[]): void {
  lines.forEach((l, i) => {
    if (!isPositive(l.quantity)) throw new InvalidError(`lines.${i}.quantity`, 'must be more than 0');
    if (l.unitPrice !== undefined && !decimalWithin(l.unitPrice, '0', MAX_AMOUNT))
      throw new InvalidError(`lines.${i}.unitPrice`, 'must not be negative');
    if (!decimalWithin(l.discountPercent, '0', '100')) throw new InvalidError(`lines.${i}.discountPercent`, 'must be between 0 and 100');
    if (!decimalWithin(l.taxPercent, '0', '100')) throw new InvalidError(`lines.${i}.taxPercent`, 'must be between 0 and 100');
  });
}

@Injectable()
export class QuoteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly quotes: QuoteRepository,
    private readonly opportunities: OpportunityService,
    private readonly products: ProductService,
    private readonly events: EventPublisher,
  ) {}

  create(input: CreateQuoteInput, who: Identity): Promise<QuoteEntity> {
    checkLines(input.lines);
    return this.uow.run(who, async (tx) => {
      const opportunity = await this.opportunities.findForUpdate(tx, input.opportunityId);
      if (!opportunity) throw new NotFoundError('Opportunity', input.opportunityId);
      if (opportunity.status !== OpportunityStatus.OPEN) {
        throw new InvalidError('opportunityId', `the opportunity is ${opportunity.status}: reopen it to quote again`);
      }
      const currency = opportunity.currency;
      const unitPrices = await this.unitPrices(tx, input, currency);
      const totals = quoteTotals(
        input.lines.map((l, i) => ({ ...l, unitPrice: unitPrices[i]! })),
        currency,
      );
      if (!decimalWithin(totals.total, '0', MAX_AMOUNT)) throw new InvalidError('lines', 'the total is too large');
      const products = new Map(
        (
          await this.products.productsFor(
            tx,
            input.lines.map((l) => l.productId),
          )
        ).map((p) => [p.id, p]),
      );
      const now = new Date();
      const quote: QuoteEntity = {
        id: randomUUID(),
        opportunityId: opportunity.id,
        version: await this.quotes.nextVersion(tx, opportunity.id),
        status: QuoteStatus.DRAFT,
        currency,
        priceBookId: input.priceBookId ?? null,
        subtotal: totals.subtotal,
        taxTotal: totals.tax,
        total: totals.total,
        validUntil: input.validUntil ?? null,
        createdBy: who.userId,
        createdAt: now,
        updatedAt: now,
      };
      const lines: QuoteLineEntity[] = input.lines.map((l, i) => ({
        id: randomUUID(),
        quoteId: quote.id,
        position: i,
        productId: l.productId,
        description: products.get(l.productId)!.name,
        quantity: l.quantity,
        unitPrice: unitPrices[i]!,
        discountPercent: l.discountPercent,
        taxPercent: l.taxPercent,
        netAmount: totals.lines[i]!.net,
        taxAmount: totals.lines[i]!.tax,
        total: totals.lines[i]!.total,
      }));
      await this.quotes.insert(tx, quote, lines);
      await this.events.publish(tx, QuoteCreated, {
        ...this.payload(quote, opportunity),
        lineCount: lines.length,
        createdAt: now.toISOString(),
      });
      return quote;
    });
  }

  /** Each line's unit price: its own, or the price book's in the quote's currency. Products must exist and be active. */
  private async unitPrices(tx: Transaction, input: CreateQuoteInput, currency: string): Promise<string[]> {
    const productIds = [...new Set(input.lines.map((l) => l.productId))];
    const products = new Map((await this.products.productsFor(tx, productIds)).map((p) => [p.id, p]));
    input.lines.forEach((l, i) => {
      const product = products.get(l.productId);
      if (!product) throw new NotFoundError('Product', l.productId);
      if (!product.active) throw new InvalidError(`lines.${i}.productId`, 'is an inactive product');
    });
    let prices = new Map<string, string>();
    if (input.priceBookId) {
      if (!(await this.products.priceBook(tx, input.priceBookId))) throw new NotFoundError('Price book', input.priceBookId);
      const entries = await this.products.pricesFor(tx, input.priceBookId, currency, productIds);
      prices = new Map(entries.map((e) => [e.productId, e.unitPrice]));
    }
    return input.lines.map((l, i) => {
      const price = l.unitPrice ?? prices.get(l.productId);
      if (price === undefined) {
        throw new InvalidError(
          `lines.${i}.unitPrice`,
          `is required: ${input.priceBookId ? `the price book has no ${currency} price for it` : 'no price book was given'}`,
        );
      }
      return price;
    });
  }

  changeStatus(input: ChangeQuoteStatusInput, who: Identity): Promise<QuoteEntity> {
    return this.uow.run(who, async (tx) => {
      const quote = await this.quotes.findByIdForUpdate(tx, input.id);
      if (!quote) throw new NotFoundError('Quote', input.id);
      const refusal = quoteTransitionRefusal(quote.status, input.status);
      if (refusal) throw new InvalidError('status', refusal);
      const opportunity = (await this.opportunities.findForUpdate(tx, quote.opportunityId))!;
      if (input.status === QuoteStatus.ACCEPTED) await this.accept(tx, quote, opportunity);
      const now = new Date();
      await this.quotes.setStatus(tx, quote.id, input.status, now);
      const updated = { ...quote, status: input.status, updatedAt: now };
      await this.events.publish(tx, QuoteStatusChanged, {
        ...this.payload(updated, opportunity),
        from: quote.status,
        changedBy: who.userId,
        changedAt: now.toISOString(),
      });
      return updated;
    });
  }

  /** One accepted quote per opportunity, and its subtotal becomes the opportunity's amount. */
  private async accept(tx: Transaction, quote: QuoteEntity, opportunity: OpportunityEntity): Promise<void> {
    if (opportunity.status === OpportunityStatus.LOST) throw new InvalidError('status', 'the opportunity is LOST: reopen it first');
    const accepted = await this.quotes.findAccepted(tx, quote.opportunityId);
    if (accepted) throw new InvalidError('status', `the opportunity already has an accepted quote (v${accepted.version})`);
    await this.opportunities.setAmountFromQuote(tx, opportunity, quote.subtotal, quote.currency);
  }

  private payload(q: QuoteEntity, o: OpportunityEntity) {
    const money = (amount: string) => ({ amount: formatAmount(amount, q.currency), currency: q.currency });
    return {
      quoteId: q.id,
      opportunityId: q.opportunityId,
      customerId: o.customerId,
      version: q.version,
      status: q.status,
      subtotal: money(q.subtotal),
      tax: money(q.taxTotal),
      total: money(q.total),
    };
  }

  findById(id: string): Promise<QuoteEntity | null> {
    return this.quotes.findById(id);
  }

  async linesByQuoteIds(ids: readonly string[]): Promise<QuoteLineEntity[][]> {
    return groupByKeys(ids, await this.quotes.linesOf(ids), (l) => l.quoteId);
  }

  async byOpportunityIds(ids: readonly string[]): Promise<QuoteEntity[][]> {
    return groupByKeys(ids, await this.quotes.byOpportunityIds(ids), (q) => q.opportunityId);
  }

  async page(args: QuotesArgs): Promise<ConnectionShape<QuoteEntity>> {
    return QUOTE_CURSORS.page(args, (q) => this.quotes.page({ ...q, filter: args.filter ?? {} }));
  }
}
