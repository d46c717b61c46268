import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, type Repository } from 'typeorm';
import { QuoteLineEntity } from './quote-line.entity';
import { QuoteEntity } from './quote.entity';
import { QuoteStatus } from './quote.enums';
import { QuoteSort, type QuoteFilter } from './quote.input';

/** The sort values each order pages by: the sort column, then the id. */
export const QUOTE_CURSORS = new KeysetCursors('quotes', {
  [QuoteSort.CREATED_AT_DESC]: { createdAt: 'timestamp', id: 'uuid' },
  [QuoteSort.TOTAL_DESC]: { total: 'decimal', id: 'uuid' },
});

export interface QuotePageQuery {
  filter: QuoteFilter;
  sort: QuoteSort;
  after: KeysetOf<typeof QUOTE_CURSORS.sorts, QuoteSort> | null;
  limit: number;
}

@Injectable()
export class QuoteRepository {
  constructor(
    @InjectRepository(QuoteEntity) private readonly quotes: Repository<QuoteEntity>,
    @InjectRepository(QuoteLineEntity) private readonly lines: Repository<QuoteLineEntity>,
  ) {}

  private on(tx?: Transaction): Repository<QuoteEntity> {
    return tx ? tx.manager.getRepository(QuoteEntity) : this.quotes;
  }

  async insert(tx: Transaction, quote: QuoteEntity, lines: QuoteLineEntity[]): Promise<void> {
    await this.on(tx).insert(quote);
    await tx.manager.getRepository(QuoteLineEntity).insert(lines);
  }

  /** The next version number; the caller holds the opportunity's row lock, so two quotes cannot take the same one. */
  async nextVersion(tx: Transaction, opportunityId: string): Promise<number> {
    const max = await this.on(tx).maximum('version', { opportunityId });
    return (max ?? 0) + 1;
  }

  findById(id: string, tx?: Transaction): Promise<QuoteEntity | null> {
    return this.on(tx).findOneBy({ id });
  }

  findByIdForUpdate(tx: Transaction, id: string): Promise<QuoteEntity | null> {
    return this.on(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findAccepted(tx: Transaction, opportunityId: string): Promise<QuoteEntity | null> {
    return this.on(tx).findOneBy({ opportunityId, status: QuoteStatus.ACCEPTED });
  }

  async setStatus(tx: Transaction, id: string, status: QuoteStatus, updatedAt: Date): Promise<void> {
    await this.on(tx).update({ id }, { status, updatedAt });
  }

  linesOf(quoteIds: readonly string[]): Promise<QuoteLineEntity[]> {
    return this.lines.find({ where: { quoteId: Any(quoteIds) }, order: { quoteId: 'ASC', position: 'ASC' } });
  }

  countLines(tx: Transaction, quoteId: string): Promise<number> {
    return tx.manager.getRepository(QuoteLineEntity).countBy({ quoteId });
  }

  byOpportunityIds(opportunityIds: readonly string[]): Promise<QuoteEntity[]> {
    return this.quotes.find({ where: { opportunityId: Any(opportunityIds) }, order: { opportunityId: 'ASC', version: 'DESC' } });
  }

  page(q: QuotePageQuery): Promise<QuoteEntity[]> {
    const qb = this.quotes.createQueryBuilder('q');
    if (q.filter.opportunityId) qb.andWhere('q.opportunityId = :opportunityId', { opportunityId: q.filter.opportunityId });
    if (q.filter.status) qb.andWhere('q.status = :status', { status: q.filter.status });
    if (q.sort === QuoteSort.TOTAL_DESC) {
      if (q.after && 'total' in q.after) qb.andWhere('(q.total, q.id) < (CAST(:k AS numeric), :id)', { k: q.after.total, id: q.after.id });
      qb.orderBy('q.total', 'DESC').addOrderBy('q.id', 'DESC');
    } else {
      if (q.after && 'createdAt' in q.after) qb.andWhere('(q.createdAt, q.id) < (:k, :id)', { k: q.after.createdAt, id: q.after.id });
      qb.orderBy('q.createdAt', 'DESC').addOrderBy('q.id', 'DESC');
    }
    return qb.limit(q.limit).getMany();
  }
}
