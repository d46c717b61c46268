import type { GraphQLRequestContext } from '@crm/graphql';
import type { UserEntity } from './user.entity';
import type { UserService } from './user.service';

/** One request's loader of users by id: every `owner`, `manager` and `members` of a request share it, one SQL statement a tick. */
export const usersById = (ctx: GraphQLRequestContext, users: UserService) =>
  ctx.loaders.get<UserEntity | null>('userById', (ids) => users.findByIds(ids));
