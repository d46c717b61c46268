import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { NoteVersionEntity } from './note-version.entity';
import { NoteEntity } from './note.entity';
import { NoteRepository } from './note.repository';
import { NoteResolver } from './note.resolver';
import { NoteService } from './note.service';
import { RECORD_NOTES_RESOLVERS } from './record-notes.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([NoteEntity, NoteVersionEntity]), UsersModule],
  providers: [NoteRepository, NoteService, NoteResolver, ...RECORD_NOTES_RESOLVERS],
})
export class NotesModule {}

export const NOTE_ENTITIES = [NoteEntity, NoteVersionEntity];
