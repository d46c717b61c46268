import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** Sales owns Customer; the other subgraphs know only its key and add their own fields to it. */
@ObjectType('Customer')
@Directive('@key(fields: "id")')
export class CustomerRef {
  @Field(() => ID)
  id!: string;
}
