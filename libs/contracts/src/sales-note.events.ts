import { z } from 'zod';
import { defineEvent } from './cloud-event';

/** Declared here rather than in topics.ts so the notes' contracts stay in one file. */
export const SALES_NOTE_TOPIC = 'crm.sales.note.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** The kinds of record a note can be on; the first three are sales' own, the rest other subgraphs'. */
export const NOTE_RECORD_TYPES = ['CUSTOMER', 'CONTACT', 'OPPORTUNITY', 'LEAD', 'CASE', 'PARTNER'] as const;

/**
 * What every note event carries. The body stays in sales: consumers get who wrote it, on what and
 * whom it mentions, so a notification needs no lookup. `customerId` is the record's customer when
 * sales knows it (customer, contact, opportunity), null otherwise.
 */
const note = {
  noteId: id,
  recordType: z.enum(NOTE_RECORD_TYPES),
  recordId: id,
  customerId: id.nullable(),
  authorId: id,
  /** Everyone the note mentions after the change, users and teams (teams are not expanded here). */
  mentionedUserIds: z.array(id),
  mentionedTeamIds: z.array(id),
};

/** A note on a record; ordered by its customer when it has one, else by its record. */
export const NoteCreated = defineEvent({
  type: 'crm.sales.note.created.v1',
  topic: SALES_NOTE_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...note, createdAt: timestamp }),
  subject: (d) => d.customerId ?? d.recordId,
});

/**
 * An edit: the note's `version` after it, who edited it, and whom the edit newly mentions (so a
 * mention already notified is not notified again).
 */
export const NoteUpdated = defineEvent({
  type: 'crm.sales.note.updated.v1',
  topic: SALES_NOTE_TOPIC,
  source: 'crm.sales',
  schema: z.object({
    ...note,
    version: z.number().int().positive(),
    editedBy: id,
    newlyMentionedUserIds: z.array(id),
    newlyMentionedTeamIds: z.array(id),
    updatedAt: timestamp,
  }),
  subject: (d) => d.customerId ?? d.recordId,
});

/** A soft delete, by its author or an admin; the note and its versions stay in sales. */
export const NoteDeleted = defineEvent({
  type: 'crm.sales.note.deleted.v1',
  topic: SALES_NOTE_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...note, deletedBy: id, deletedAt: timestamp }),
  subject: (d) => d.customerId ?? d.recordId,
});

export const NoteEvents = [NoteCreated, NoteUpdated, NoteDeleted];
