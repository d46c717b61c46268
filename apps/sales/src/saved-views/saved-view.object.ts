import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CompanySize, LifecycleStage } from '../customers/customer.enums';
import type { CustomerFilter } from '../customers/customer.input';
import { CustomerSort } from '../customers/customer.input';
import { CustomerKindValue } from '../customers/customer.object';
import { OwnedBy } from '../users/owned-by';
import type { SavedViewEntity } from './saved-view.entity';
import { SavedViewList } from './saved-view.input';

/** A saved customer filter, field for field what `CustomerFilter` takes, so a client passes it back as it is. */
@ObjectType({ description: 'The customer filter a view applies; pass it to `customers(filter:)` as it is.' })
export class SavedCustomerFilter {
  @Field(() => String, { nullable: true })
  nameContains?: string | null;

  @Field(() => CustomerKindValue, { nullable: true })
  kind?: CustomerKindValue | null;

  @Field(() => String, { nullable: true })
  domain?: string | null;

  @Field(() => Int, { nullable: true })
  tier?: number | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => OwnedBy, { nullable: true, description: 'ME and MY_TEAMS mean whoever applies the view.' })
  ownedBy?: OwnedBy | null;

  @Field(() => String, { nullable: true })
  tag?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => [CompanySize], { nullable: true })
  sizes?: CompanySize[] | null;

  @Field(() => [LifecycleStage], { nullable: true })
  lifecycleStages?: LifecycleStage[] | null;
}

@ObjectType({ description: "A named filter and sort of a list: the caller's own, or one a colleague shared." })
export class SavedView {
  @Field(() => ID)
  id!: string;

  @Field(() => SavedViewList)
  list!: SavedViewList;

  @Field()
  name!: string;

  @Field(() => SavedCustomerFilter)
  filters!: SavedCustomerFilter;

  @Field(() => CustomerSort)
  sort!: CustomerSort;

  @Field({ description: 'Shown to every colleague who reads the list.' })
  shared!: boolean;

  @Field(() => ID)
  ownerId!: string;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

/** The stored filter keeps only the keys that were set (see SavedViewService.stored). */
export const toSavedView = (v: SavedViewEntity): SavedView => ({
  id: v.id,
  list: v.list as SavedViewList,
  name: v.name,
  filters: { ...(v.filters as CustomerFilter) },
  sort: v.sort as CustomerSort,
  shared: v.shared,
  ownerId: v.ownerId,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});
