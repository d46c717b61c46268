import { CanRead } from '@crm/auth';
import type { GraphQLRequestContext } from '@crm/graphql';
import { Inject, type Type } from '@nestjs/common';
import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { usersById } from './user.loaders';
import { toUser, User } from './user.object';
import { UserService } from './user.service';

/**
 * `owner: User` on a sales type that keeps an `ownerId`, written once: every owner of a request
 * loads through one loader, so a page of a hundred deals costs one SQL statement for its owners.
 */
export function OwnerFieldResolver<T extends { ownerId: string | null }>(type: Type<T>): Type<unknown> {
  @CanRead('sales')
  @Resolver(() => type)
  class OwnerField {
    constructor(@Inject(UserService) private readonly users: UserService) {}

    @ResolveField(() => User, {
      nullable: true,
      description: 'The owning user; null when nobody owns it, or the owner has neither signed in nor been added yet.',
    })
    async owner(@Parent() parent: T, @Context() ctx: GraphQLRequestContext): Promise<User | null> {
      if (!parent.ownerId) return null;
      const found = await usersById(ctx, this.users).load(parent.ownerId);
      return found ? toUser(found) : null;
    }
  }
  Object.defineProperty(OwnerField, 'name', { value: `${type.name}OwnerResolver` });
  return OwnerField;
}
