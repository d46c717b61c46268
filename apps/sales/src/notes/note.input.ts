import { NOTE_RECORD_TYPES } from '@crm/contracts';
import { IsOptionalNotNull, UuidInput, UuidList } from '@crm/graphql';
import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export type NoteRecordType = (typeof NOTE_RECORD_TYPES)[number];
export const NoteRecordType = Object.fromEntries(NOTE_RECORD_TYPES.map((t) => [t, t])) as { [K in NoteRecordType]: K };
registerEnumType(NoteRecordType, { name: 'NoteRecordType', description: 'The kind of record a note is on.' });

/** The longest body accepted, before sanitising: a long meeting write-up, not a document store. */
export const NOTE_BODY_MAX = 20_000;
/** Mentions per note, of users and of teams each: a note that tells the whole company is an announcement. */
export const NOTE_MENTIONS_MAX = 50;

/** Body and mentions, as creating and editing a note take them. */
@InputType({ isAbstract: true })
abstract class NoteContentInput {
  @Field(() => [ID], { nullable: true, description: `Users the note mentions, at most ${NOTE_MENTIONS_MAX}; each must exist.` })
  @UuidList({ max: NOTE_MENTIONS_MAX, optional: 'not-null' })
  mentionedUserIds?: string[];

  @Field(() => [ID], {
    nullable: true,
    description: `Teams the note mentions, at most ${NOTE_MENTIONS_MAX}; each of their members is told.`,
  })
  @UuidList({ max: NOTE_MENTIONS_MAX, optional: 'not-null' })
  mentionedTeamIds?: string[];
}

@InputType()
export class CreateNoteInput extends NoteContentInput {
  @Field(() => NoteRecordType)
  @IsIn(NOTE_RECORD_TYPES, { message: `recordType must be one of ${NOTE_RECORD_TYPES.join(', ')}` })
  recordType!: NoteRecordType;

  @Field(() => ID, { description: 'The record the note is on.' })
  @UuidInput()
  recordId!: string;

  @Field({ description: 'Rich text as HTML; stored as its safe subset (paragraphs, emphasis, lists, quotes, code, links).' })
  @IsString()
  @Length(1, NOTE_BODY_MAX, { message: `body must be 1 to ${NOTE_BODY_MAX} characters` })
  body!: string;
}

@InputType({ description: 'An edit: the note before it is kept as a version. Mentions left out stay as they were.' })
export class UpdateNoteInput extends NoteContentInput {
  @Field(() => ID)
  @UuidInput()
  id!: string;

  @Field(() => String, { nullable: true, description: 'The new body; left out, it stays.' })
  @IsOptional()
  @IsOptionalNotNull()
  @IsString()
  @Length(1, NOTE_BODY_MAX, { message: `body must be 1 to ${NOTE_BODY_MAX} characters` })
  body?: string;
}
