import { Directive, Field, ID, ObjectType } from '@nestjs/graphql';

/** Sales owns Customer; this subgraph only knows its key and adds its own fields to it. */
@ObjectType('Customer')
@Directive('@key(fields: "id")')
export class CustomerRef {
  @Field(() => ID)
  id!: string;
}
