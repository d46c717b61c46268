import type { Transaction } from '@crm/database';
import { KeysetCursors, type Keyset } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Any, IsNull, type Repository } from 'typeorm';
import { NoteVersionEntity } from './note-version.entity';
import { NoteEntity } from './note.entity';
import type { NoteRecordType } from './note.input';

/** A record's notes page newest first by (createdAt, id). */
export const NOTE_CURSORS = new KeysetCursors('notes', { NEWEST_FIRST: { createdAt: 'timestamp', id: 'uuid' } });
export type NoteKeyset = Keyset<(typeof NOTE_CURSORS.sorts)['NEWEST_FIRST']>;

/** Earlier versions a note lists, newest first: an audit of edits, not an unbounded history in one answer. */
export const NOTE_VERSIONS_LISTED = 50;

/** Where sales keeps its own records, and how each names its customer (a customer is its own). */
const SALES_RECORDS: Partial<Record<NoteRecordType, string>> = {
  CUSTOMER: 'SELECT id AS customer_id FROM customer WHERE id = $1 AND deleted_at IS NULL',
  CONTACT: 'SELECT customer_id FROM contact WHERE id = $1',
  OPPORTUNITY: 'SELECT customer_id FROM opportunity WHERE id = $1',
};

@Injectable()
export class NoteRepository {
  constructor(
    @InjectRepository(NoteEntity) private readonly notes: Repository<NoteEntity>,
    @InjectRepository(NoteVersionEntity) private readonly versions: Repository<NoteVersionEntity>,
  ) {}

  /** Whether `recordType` is one of sales' own records, which a note can be checked against here. */
  static isSalesRecord(recordType: NoteRecordType): boolean {
    return recordType in SALES_RECORDS;
  }

  /**
   * The customer of one of sales' own records, read in the caller's transaction (so an opportunity
   * another partner owns stays out of reach under row-level security); undefined when there is none.
   */
  async customerOfRecord(tx: Transaction, recordType: NoteRecordType, recordId: string): Promise<string | undefined> {
    const sql = SALES_RECORDS[recordType];
    if (!sql) return undefined;
    const rows = await tx.manager.query<{ customer_id: string }[]>(sql, [recordId]);
    return rows[0]?.customer_id;
  }

  async insert(tx: Transaction, note: NoteEntity): Promise<void> {
    await tx.manager.getRepository(NoteEntity).insert(note);
  }

  /** A live note, row-locked for an edit or a delete. */
  findLiveForUpdate(tx: Transaction, id: string): Promise<NoteEntity | null> {
    return tx.manager.getRepository(NoteEntity).findOne({ where: { id, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  async update(tx: Transaction, id: string, patch: Partial<NoteEntity>): Promise<void> {
    await tx.manager.getRepository(NoteEntity).update({ id }, patch);
  }

  async insertVersion(tx: Transaction, version: NoteVersionEntity): Promise<void> {
    await tx.manager.getRepository(NoteVersionEntity).insert(version);
  }

  /** Live notes by id, in one statement. */
  findLiveByIds(ids: readonly string[]): Promise<NoteEntity[]> {
    return this.notes.findBy({ id: Any([...ids]), deletedAt: IsNull() });
  }

  /** Each note's earlier versions, newest first, at most NOTE_VERSIONS_LISTED each, in one statement. */
  versionsOf(noteIds: readonly string[]): Promise<NoteVersionEntity[]> {
    return this.versions
      .createQueryBuilder('v')
      .where('v.noteId = ANY(:ids)', { ids: noteIds })
      .andWhere(`v.version > (SELECT n.version FROM note n WHERE n.id = v.note_id) - 1 - :listed`, { listed: NOTE_VERSIONS_LISTED })
      .orderBy('v.noteId')
      .addOrderBy('v.version', 'DESC')
      .getMany();
  }

  /**
   * The newest `perRecord` live notes of each record older than `after` (when given), in one
   * statement for any number of records.
   */
  newestByRecordIds(
    recordType: NoteRecordType,
    recordIds: readonly string[],
    perRecord: number,
    after: NoteKeyset | null,
  ): Promise<NoteEntity[]> {
    const older = after ? 'AND (r.created_at, r.id) < (:afterTime::timestamptz, :afterId::uuid)' : '';
    return this.notes
      .createQueryBuilder('n')
      .where(
        `n.id IN (SELECT id FROM (
           SELECT r.id, row_number() OVER (PARTITION BY r.record_id ORDER BY r.created_at DESC, r.id DESC) AS rn
           FROM note r WHERE r.record_type = :recordType AND r.record_id = ANY(:recordIds::uuid[]) AND r.deleted_at IS NULL ${older}
         ) ranked WHERE rn <= :perRecord)`,
        { recordType, recordIds, perRecord, afterTime: after?.createdAt, afterId: after?.id },
      )
      .orderBy('n.recordId')
      .addOrderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .getMany();
  }
}
