import { CanRead, CurrentIdentity, type Identity } from '@crm/auth';
import { ParseIdPipe } from '@crm/graphql';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { SavedViewList, SaveViewInput, UpdateViewInput } from './saved-view.input';
import { SavedView, toSavedView } from './saved-view.object';
import { SavedViewService, SHARED_VIEWS_LISTED, VIEWS_PER_USER_AND_LIST } from './saved-view.service';

/**
 * Staff who read the customer list keep views of it. Saving one changes no sales record, so it
 * needs read access only. Partners and portal contacts are refused (and nothing here is tagged for
 * their contracts): their portals have their own lists.
 */
@CanRead('sales')
@Resolver(() => SavedView)
export class SavedViewResolver {
  constructor(private readonly views: SavedViewService) {}

  @Query(() => [SavedView], {
    description: `Your views of the list (at most ${VIEWS_PER_USER_AND_LIST}), then up to ${SHARED_VIEWS_LISTED} colleagues shared; each by name.`,
  })
  async savedViews(
    @Args('list', { type: () => SavedViewList }) list: SavedViewList,
    @CurrentIdentity() caller: Identity,
  ): Promise<SavedView[]> {
    return (await this.views.list(caller, list)).map(toSavedView);
  }

  @Mutation(() => SavedView, {
    description: `Saves a view; its name is unique to you on the list, and you keep at most ${VIEWS_PER_USER_AND_LIST}.`,
  })
  async saveView(@Args('input') input: SaveViewInput, @CurrentIdentity() caller: Identity): Promise<SavedView> {
    return toSavedView(await this.views.save(caller, input));
  }

  @Mutation(() => SavedView, { description: 'Renames, re-filters or (un)shares one of your views.' })
  async updateView(@Args('input') input: UpdateViewInput, @CurrentIdentity() caller: Identity): Promise<SavedView> {
    return toSavedView(await this.views.update(caller, input));
  }

  @Mutation(() => SavedView, { description: 'Deletes one of your views; answers it as it was.' })
  async deleteView(
    @Args('id', { type: () => ID }, new ParseIdPipe('id')) id: string,
    @CurrentIdentity() caller: Identity,
  ): Promise<SavedView> {
    return toSavedView(await this.views.delete(caller, id));
  }
}
