import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A note as it read before an edit: version `version`, written (or last edited) by `editedBy` at `editedAt`. */
@Entity('note_version')
export class NoteVersionEntity {
  @PrimaryColumn('uuid')
  noteId!: string;

  @PrimaryColumn('integer')
  version!: number;

  @Column('text')
  body!: string;

  @Column('uuid', { array: true })
  mentionedUserIds!: string[];

  @Column('uuid', { array: true })
  mentionedTeamIds!: string[];

  @Column('uuid')
  editedBy!: string;

  @Column('timestamptz')
  editedAt!: Date;
}
