import { Connection } from '@crm/graphql';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { NoteVersionEntity } from './note-version.entity';
import type { NoteEntity } from './note.entity';
import { NoteRecordType } from './note.input';

@ObjectType({ description: 'A note on a record, in the safe subset of HTML, with the users and teams it mentions.' })
export class Note {
  @Field(() => ID)
  id!: string;

  @Field(() => NoteRecordType)
  recordType!: NoteRecordType;

  @Field(() => ID)
  recordId!: string;

  @Field({ description: 'Sanitised HTML: safe to show as it is.' })
  body!: string;

  @Field(() => ID)
  authorId!: string;

  @Field(() => [ID])
  mentionedUserIds!: string[];

  @Field(() => [ID])
  mentionedTeamIds!: string[];

  @Field(() => Int, { description: '1 when written, one more on each edit.' })
  version!: number;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class NoteConnection extends Connection(Note) {}

@ObjectType({ description: 'A note as it read before an edit.' })
export class NoteVersion {
  @Field(() => Int)
  version!: number;

  @Field()
  body!: string;

  @Field(() => [ID])
  mentionedUserIds!: string[];

  @Field(() => [ID])
  mentionedTeamIds!: string[];

  @Field(() => ID, { description: 'Who wrote this version.' })
  editedBy!: string;

  @Field({ description: 'When this version was written.' })
  editedAt!: Date;
}

export const toNote = (n: NoteEntity): Note => ({
  id: n.id,
  recordType: n.recordType as NoteRecordType,
  recordId: n.recordId,
  body: n.body,
  authorId: n.authorId,
  mentionedUserIds: n.mentionedUserIds,
  mentionedTeamIds: n.mentionedTeamIds,
  version: n.version,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
});

export const toNoteVersion = (v: NoteVersionEntity): NoteVersion => ({
  version: v.version,
  body: v.body,
  mentionedUserIds: v.mentionedUserIds,
  mentionedTeamIds: v.mentionedTeamIds,
  editedBy: v.editedBy,
  editedAt: v.editedAt,
});
