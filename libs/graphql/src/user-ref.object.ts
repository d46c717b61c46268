import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/**
 * Sales owns User (keyed by the token's `sub`); another subgraph points at one with a field of this
 * type and never resolves it itself (`resolvable: false`): the gateway asks sales for the rest.
 *
 * ```ts
 * @ResolveField(() => UserRef, { nullable: true }) assignee(@Parent() c: Case) { return userRef(c.assigneeId); }
 * ```
 */
@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class UserRef {
  @Field(() => ID)
  id!: string;
}

/** The reference to a user id, or null for none. */
export const userRef = (id: string | null | undefined): UserRef | null => (id ? { id } : null);
