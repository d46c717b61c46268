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
import { OpportunityLineService } from '../opportunities/opportunity-line.service';
import { OpportunityService } from '../opportunities/opportunity.service';
import { ProductService } from '../products/product.service';
import { checkLines, decimalWithin, MAX_AMOUNT, quoteTotals } from './quote-totals';
import { quoteTransitionRefusal } from './quote-transitions';
import type { QuoteLineEntity } from './quote-line.entity';
import type { QuoteEntity } from './quote.entity';
import { QuoteStatus } from './quote.enums';
import { type ChangeQuoteStatusInput, type CreateQuoteInput, type QuotesArgs } from './quote.input';
import { QUOTE_CURSORS, QuoteRepository } from './quote.repository';

@Injectable()
export class QuoteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly quotes: QuoteRepository,
    private readonly opportunities: OpportunityService,
    private readonly lines: OpportunityLineService,
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
      const priced = await this.products.priceLines(tx, input.priceBookId, input.lines, currency);
      const totals = quoteTotals(
        input.lines.map((l, i) => ({ ...l, unitPrice: priced[i]!.unitPrice })),
        currency,
      );
      if (!decimalWithin(totals.total, '0', MAX_AMOUNT)) throw new InvalidError('lines', 'the total is too large');
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
        description: priced[i]!.name,
        quantity: l.quantity,
        unitPrice: priced[i]!.unitPrice,
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

  /** One accepted quote per opportunity: its lines become the deal's, and its subtotal the deal's amount. */
  private async accept(tx: Transaction, quote: QuoteEntity, opportunity: OpportunityEntity): Promise<void> {
    if (opportunity.status === OpportunityStatus.LOST) throw new InvalidError('status', 'the opportunity is LOST: reopen it first');
    const accepted = await this.quotes.findAccepted(tx, quote.opportunityId);
    if (accepted) throw new InvalidError('status', `the opportunity already has an accepted quote (v${accepted.version})`);
    await this.lines.replaceFromQuote(tx, opportunity, quote, await this.quotes.linesOf([quote.id]));
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
