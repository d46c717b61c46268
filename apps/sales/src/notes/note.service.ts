import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { NoteCreated, NoteDeleted, NoteUpdated } from '@crm/contracts';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ForbiddenError, InvalidError, NotFoundError } from '@crm/domain';
import { EventPublisher } from '@crm/events';
import { groupByKeys, isUuid, toConnection, type ConnectionShape } from '@crm/graphql';
import { Injectable } from '@nestjs/common';
import { TeamService } from '../users/team.service';
import { UserService } from '../users/user.service';
import { hasText, sanitizeNoteHtml } from './note-html';
import type { NoteVersionEntity } from './note-version.entity';
import type { NoteEntity } from './note.entity';
import type { CreateNoteInput, NoteRecordType, UpdateNoteInput } from './note.input';
import { NOTE_CURSORS, NoteRepository } from './note.repository';

const unique = (ids: string[] | undefined): string[] => [...new Set(ids ?? [])];
const cursorOf = (n: NoteEntity): string => NOTE_CURSORS.encode('NEWEST_FIRST', n);

/**
 * Notes on records, with mentions. Only staff reach this service (the resolvers admit no partner
 * nor customer token): notes are how colleagues talk about a record, and are never shown outside.
 */
@Injectable()
export class NoteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notes: NoteRepository,
    private readonly users: UserService,
    private readonly teams: TeamService,
    private readonly events: EventPublisher,
  ) {}

  create(caller: Identity, input: CreateNoteInput): Promise<NoteEntity> {
    const authorId = this.author(caller);
    const body = this.sanitize(input.body);
    return this.uow.run(caller, async (tx) => {
      const customerId = await this.checkRecord(tx, input.recordType, input.recordId);
      const mentions = await this.checkMentions(input.mentionedUserIds ?? [], input.mentionedTeamIds ?? []);
      const now = new Date();
      const note: NoteEntity = {
        id: randomUUID(),
        recordType: input.recordType,
        recordId: input.recordId,
        customerId,
        authorId,
        body,
        ...mentions,
        version: 1,
        editedBy: authorId,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
        deletedBy: null,
      };
      await this.notes.insert(tx, note);
      await this.events.publish(tx, NoteCreated, { ...this.payload(note), createdAt: now.toISOString() });
      return note;
    });
  }

  /** An edit by its author or an admin; the note as it read before is kept as a version. */
  update(caller: Identity, input: UpdateNoteInput): Promise<NoteEntity> {
    const editedBy = this.author(caller);
    const body = input.body === undefined ? undefined : this.sanitize(input.body);
    return this.uow.run(caller, async (tx) => {
      const note = await this.lockOwn(tx, caller, input.id);
      const mentions = await this.checkMentions(
        input.mentionedUserIds ?? note.mentionedUserIds,
        input.mentionedTeamIds ?? note.mentionedTeamIds,
      );
      const next = { body: body ?? note.body, ...mentions };
      const same =
        next.body === note.body &&
        next.mentionedUserIds.join() === note.mentionedUserIds.join() &&
        next.mentionedTeamIds.join() === note.mentionedTeamIds.join();
      if (same) return note;
      await this.notes.insertVersion(tx, {
        noteId: note.id,
        version: note.version,
        body: note.body,
        mentionedUserIds: note.mentionedUserIds,
        mentionedTeamIds: note.mentionedTeamIds,
        editedBy: note.editedBy,
        editedAt: note.updatedAt,
      });
      const updatedAt = new Date();
      const updated: NoteEntity = { ...note, ...next, version: note.version + 1, editedBy, updatedAt };
      await this.notes.update(tx, note.id, { ...next, version: updated.version, editedBy, updatedAt });
      await this.events.publish(tx, NoteUpdated, {
        ...this.payload(updated),
        version: updated.version,
        editedBy,
        newlyMentionedUserIds: next.mentionedUserIds.filter((id) => !note.mentionedUserIds.includes(id)),
        newlyMentionedTeamIds: next.mentionedTeamIds.filter((id) => !note.mentionedTeamIds.includes(id)),
        updatedAt: updatedAt.toISOString(),
      });
      return updated;
    });
  }

  /** A soft delete by its author or an admin: nobody reads it afterwards, and it keeps its versions. */
  delete(caller: Identity, id: string): Promise<NoteEntity> {
    const deletedBy = this.author(caller);
    return this.uow.run(caller, async (tx) => {
      const note = await this.lockOwn(tx, caller, id);
      const deletedAt = new Date();
      await this.notes.update(tx, note.id, { deletedAt, deletedBy });
      await this.events.publish(tx, NoteDeleted, { ...this.payload(note), deletedBy, deletedAt: deletedAt.toISOString() });
      return { ...note, deletedAt, deletedBy };
    });
  }

  /** For DataLoader: live notes in the order of `ids`, null for a missing or deleted one. */
  async findByIds(ids: readonly string[]): Promise<(NoteEntity | null)[]> {
    const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
    const byId = new Map((valid.length ? await this.notes.findLiveByIds(valid) : []).map((n) => [n.id, n]));
    return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
  }

  /** For DataLoader: one page of notes per record, all records sharing the same page arguments, in one statement. */
  async pagesByRecordIds(
    recordType: NoteRecordType,
    recordIds: readonly string[],
    size: number,
    after: string | undefined,
  ): Promise<ConnectionShape<NoteEntity>[]> {
    const keyset = after ? NOTE_CURSORS.decode('NEWEST_FIRST', after) : null;
    const ids = recordIds.filter(isUuid);
    const rows = ids.length ? await this.notes.newestByRecordIds(recordType, ids, size + 1, keyset) : [];
    return groupByKeys(recordIds, rows, (n) => n.recordId).map((list) => toConnection(list, size, cursorOf, (n) => n));
  }

  /** For DataLoader: each note's earlier versions, newest first. */
  async versionsOf(noteIds: readonly string[]): Promise<NoteVersionEntity[][]> {
    return groupByKeys(noteIds, await this.notes.versionsOf(noteIds), (v) => v.noteId);
  }

  private payload(n: NoteEntity) {
    return {
      noteId: n.id,
      recordType: n.recordType as NoteRecordType,
      recordId: n.recordId,
      customerId: n.customerId,
      authorId: n.authorId,
      mentionedUserIds: n.mentionedUserIds,
      mentionedTeamIds: n.mentionedTeamIds,
    };
  }

  /** Notes are written by people: a token without a user (a service account) has no one to name as author. */
  private author(caller: Identity): string {
    if (!caller.userId) throw new ForbiddenError('Only a signed-in user writes notes');
    return caller.userId.toLowerCase();
  }

  private sanitize(html: string): string {
    const body = sanitizeNoteHtml(html);
    if (!hasText(body)) throw new InvalidError('body', 'has no text once script and unsupported markup are removed');
    return body;
  }

  /**
   * Sales' own records (customer, contact, opportunity) must exist and be readable by the caller;
   * answers their customer. A lead, case or partner is another service's, and no read model of
   * them reaches sales yet: only its id's form is checked (a UUID), and a note on an id nobody owns
   * is unreachable, since `notes` is read only on a record its owner returned.
   */
  private async checkRecord(tx: Transaction, recordType: NoteRecordType, recordId: string): Promise<string | null> {
    if (!NoteRepository.isSalesRecord(recordType)) return null;
    const customerId = await this.notes.customerOfRecord(tx, recordType, recordId);
    if (!customerId) throw new NotFoundError(recordType.charAt(0) + recordType.slice(1).toLowerCase(), recordId, 'recordId');
    return customerId;
  }

  /** Every mention names a user or a team of the directory; the first that does not is refused by name. */
  private async checkMentions(userIds: string[], teamIds: string[]): Promise<{ mentionedUserIds: string[]; mentionedTeamIds: string[] }> {
    const mentionedUserIds = unique(userIds);
    const mentionedTeamIds = unique(teamIds);
    const users = mentionedUserIds.length ? await this.users.findByIds(mentionedUserIds) : [];
    const unknownUser = mentionedUserIds.find((_, i) => !users[i]);
    if (unknownUser) throw new InvalidError('mentionedUserIds', `no user ${unknownUser} in the directory`);
    const teams = mentionedTeamIds.length ? await this.teams.findByIds(mentionedTeamIds) : [];
    const unknownTeam = mentionedTeamIds.find((_, i) => !teams[i]);
    if (unknownTeam) throw new InvalidError('mentionedTeamIds', `no team ${unknownTeam}`);
    return { mentionedUserIds, mentionedTeamIds };
  }

  private async lockOwn(tx: Transaction, caller: Identity, id: string): Promise<NoteEntity> {
    const note = await this.notes.findLiveForUpdate(tx, id);
    if (!note) throw new NotFoundError('Note', id, 'id');
    if (note.authorId !== caller.userId?.toLowerCase() && !caller.roles.includes('admin')) {
      throw new ForbiddenError('Only its author or an admin may change or delete a note');
    }
    return note;
  }
}
