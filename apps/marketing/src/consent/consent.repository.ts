import type { Transaction } from '@crm/database';
import { KeysetCursors, type KeysetOf } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ConsentRecordEntity } from './consent-record.entity';
import { ConsentStateEntity } from './consent-state.entity';
import { ConsentStatus, type ConsentChannel } from './consent.enums';

export enum ConsentHistorySort {
  RECORDED_AT_DESC = 'RECORDED_AT_DESC',
}

export const CONSENT_CURSORS = new KeysetCursors('consentHistory', {
  [ConsentHistorySort.RECORDED_AT_DESC]: { recordedAt: 'timestamp', id: 'uuid' },
});

export type ConsentKeyset = KeysetOf<typeof CONSENT_CURSORS.sorts, ConsentHistorySort>;

@Injectable()
export class ConsentRepository {
  constructor(
    @InjectRepository(ConsentRecordEntity) private readonly records: Repository<ConsentRecordEntity>,
    @InjectRepository(ConsentStateEntity) private readonly states: Repository<ConsentStateEntity>,
  ) {}

  /**
   * Serialises changes to one address's consent on one channel until the transaction ends, so a
   * withdrawal and an import's grant arriving together cannot both read "no consent yet".
   */
  async lock(tx: Transaction, email: string, channel: ConsentChannel): Promise<ConsentStateEntity | null> {
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`consent:${channel}:${email}`]);
    return tx.manager.findOneBy(ConsentStateEntity, { email, channel });
  }

  /** The record that set the address's current state on `channel`, if any. */
  async currentRecord(tx: Transaction, email: string, channel: ConsentChannel): Promise<ConsentRecordEntity | null> {
    return tx.manager
      .createQueryBuilder(ConsentRecordEntity, 'c')
      .innerJoin(ConsentStateEntity, 's', 's.recordId = c.id')
      .where('s.email = :email AND s.channel = :channel', { email, channel })
      .getOne();
  }

  /** Appends the record and makes it the address's current state. */
  async append(tx: Transaction, record: ConsentRecordEntity): Promise<void> {
    await tx.manager.insert(ConsentRecordEntity, record);
    await tx.manager.upsert(
      ConsentStateEntity,
      { email: record.email, channel: record.channel, status: record.status, recordId: record.id, changedAt: record.recordedAt },
      ['email', 'channel'],
    );
  }

  currentByEmail(email: string): Promise<ConsentStateEntity[]> {
    return this.states.find({ where: { email }, order: { channel: 'ASC' } });
  }

  /** Of `emails`, those whose current consent on `channel` is GRANTED. */
  async granted(tx: Transaction, emails: readonly string[], channel: ConsentChannel): Promise<Set<string>> {
    const rows = await tx.manager.query<{ email: string }[]>(
      `SELECT email FROM consent_state WHERE email = ANY($1::text[]) AND channel = $2 AND status = $3`,
      [emails, channel, ConsentStatus.GRANTED],
    );
    return new Set(rows.map((r) => r.email));
  }

  page(q: { email?: string; personId?: string; after: ConsentKeyset | null; limit: number }): Promise<ConsentRecordEntity[]> {
    const qb = this.records.createQueryBuilder('c');
    if (q.email) qb.andWhere('c.email = :email', { email: q.email });
    if (q.personId) qb.andWhere('c.personId = :personId', { personId: q.personId });
    if (q.after) qb.andWhere('(c.recordedAt, c.id) < (:afterTime, :afterId)', { afterTime: q.after.recordedAt, afterId: q.after.id });
    return qb.orderBy('c.recordedAt', 'DESC').addOrderBy('c.id', 'DESC').limit(q.limit).getMany();
  }
}
