import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { UnitOfWork, type Transaction } from '@crm/database';
import { InvalidError, NotFoundError } from '@crm/domain';
import { groupByKeys } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { ProductService } from '../products/product.service';
import { checkLines, decimalWithin, MAX_AMOUNT, quoteTotals } from '../quotes/quote-totals';
import type { OpportunityLineEntity } from './opportunity-line.entity';
import type { OpportunityEntity } from './opportunity.entity';
import type { SetOpportunityLinesInput } from './opportunity.input';
import { OpportunityRepository, type OpportunityPatch } from './opportunity.repository';
import { OpportunityService } from './opportunity.service';

/** What a line is made from: a priced deal line, or an accepted quote's line. */
type LineValues = Omit<OpportunityLineEntity, 'id' | 'opportunityId' | 'position' | 'opportunity' | 'product'>;

/**
 * Products on a deal. The amount follows the lines (their net sum) unless it was set by hand
 * (`amountSetByHand`); an accepted quote replaces the lines and the amount with its own.
 */
@Injectable()
export class OpportunityLineService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly opportunities: OpportunityRepository,
    private readonly products: ProductService,
    private readonly opportunityService: OpportunityService,
  ) {}

  setLines(caller: Identity, input: SetOpportunityLinesInput): Promise<OpportunityEntity> {
    checkLines(input.lines);
    return this.uow.run(caller, async (tx) => {
      const existing = await this.opportunities.findByIdForUpdate(tx, input.opportunityId);
      if (!existing) throw new NotFoundError('Opportunity', input.opportunityId, 'opportunityId');
      const currency = existing.currency;
      const priced = await this.products.priceLines(tx, input.priceBookId, input.lines, currency);
      const totals = quoteTotals(
        input.lines.map((l, i) => ({ ...l, unitPrice: priced[i]!.unitPrice, taxPercent: '0' })),
        currency,
      );
      if (!decimalWithin(totals.subtotal, '0', MAX_AMOUNT)) throw new InvalidError('lines', 'the total is too large');
      const values = input.lines.map((l, i) => ({
        productId: l.productId,
        description: priced[i]!.name,
        quantity: l.quantity,
        unitPrice: priced[i]!.unitPrice,
        discountPercent: l.discountPercent,
        netAmount: totals.lines[i]!.net,
      }));
      const followsLines = !existing.amountSetByHand && values.length > 0;
      return this.replace(tx, existing, values, followsLines ? { amount: totals.subtotal } : {});
    });
  }

  /**
   * Accepting a quote, inside the quote service's transaction: its lines become the deal's, and its
   * subtotal (before tax) the amount, which from then on follows the lines again.
   */
  replaceFromQuote(
    tx: Transaction,
    locked: OpportunityEntity,
    quote: { subtotal: string; currency: string },
    quoteLines: LineValues[],
  ): Promise<OpportunityEntity> {
    const values = quoteLines.map((l) => ({
      productId: l.productId,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      netAmount: l.netAmount,
    }));
    return this.replace(tx, locked, values, { amount: quote.subtotal, currency: quote.currency, amountSetByHand: false });
  }

  private async replace(
    tx: Transaction,
    existing: OpportunityEntity,
    values: LineValues[],
    wanted: Pick<OpportunityPatch, 'amount' | 'currency' | 'amountSetByHand'>,
  ): Promise<OpportunityEntity> {
    const rows: OpportunityLineEntity[] = values.map((v, position) => ({ ...v, id: randomUUID(), opportunityId: existing.id, position }));
    await this.opportunities.replaceLines(tx, existing.id, rows);
    const patch: OpportunityPatch = {};
    // "10" and "10.0000" are one amount.
    if (wanted.amount !== undefined && !new Decimal(wanted.amount).equals(existing.amount)) patch.amount = wanted.amount;
    if (wanted.currency !== undefined && wanted.currency !== existing.currency) patch.currency = wanted.currency;
    if (wanted.amountSetByHand !== undefined && wanted.amountSetByHand !== existing.amountSetByHand)
      patch.amountSetByHand = wanted.amountSetByHand;
    return this.opportunityService.applyPatch(tx, existing, patch, rows);
  }

  async linesByOpportunityIds(ids: readonly string[]): Promise<OpportunityLineEntity[][]> {
    return groupByKeys(ids, await this.opportunities.linesOf(ids), (l) => l.opportunityId);
  }
}
