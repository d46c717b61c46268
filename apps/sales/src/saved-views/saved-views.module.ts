import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OwnerFieldResolver } from '../users/owner-field.resolver';
import { UsersModule } from '../users/users.module';
import { SavedViewEntity } from './saved-view.entity';
import { SavedView } from './saved-view.object';
import { SavedViewRepository } from './saved-view.repository';
import { SavedViewResolver } from './saved-view.resolver';
import { SavedViewService } from './saved-view.service';

const SavedViewOwnerResolver = OwnerFieldResolver(SavedView);

@Module({
  imports: [TypeOrmModule.forFeature([SavedViewEntity]), UsersModule],
  providers: [SavedViewRepository, SavedViewService, SavedViewResolver, SavedViewOwnerResolver],
})
export class SavedViewsModule {}

export const SAVED_VIEW_ENTITIES = [SavedViewEntity];
