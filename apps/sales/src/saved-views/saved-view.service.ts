import { randomUUID } from 'node:crypto';
import type { Identity } from '@crm/auth';
import { UnitOfWork, type Transaction } from '@crm/database';
import { ConflictError, ForbiddenError, NotFoundError } from '@crm/domain';
import { Injectable } from '@nestjs/common';
import type { CustomerFilter } from '../customers/customer.input';
import type { SavedViewEntity, StoredFilter } from './saved-view.entity';
import type { SaveViewInput, SavedViewList, UpdateViewInput } from './saved-view.input';
import { SavedViewRepository } from './saved-view.repository';

/** Views one user keeps per list: enough for every combination a person uses, not a store of queries. */
export const VIEWS_PER_USER_AND_LIST = 50;
/** Colleagues' shared views listed beside the caller's own, by name. */
export const SHARED_VIEWS_LISTED = 100;

/**
 * Saved views: each user's own, plus those their owners shared with every colleague. Sharing is
 * the owner's flag (not an admin's), and only the owner changes or deletes a view: a shared view
 * is read-only to others, and someone else's private view answers as one that does not exist.
 */
@Injectable()
export class SavedViewService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: SavedViewRepository,
  ) {}

  list(caller: Identity, list: SavedViewList): Promise<SavedViewEntity[]> {
    if (!caller.userId) return Promise.resolve([]);
    return this.views.visibleTo(caller.userId.toLowerCase(), list, VIEWS_PER_USER_AND_LIST, SHARED_VIEWS_LISTED);
  }

  save(caller: Identity, input: SaveViewInput): Promise<SavedViewEntity> {
    const ownerId = this.owner(caller);
    return this.uow.run(caller, async (tx) => {
      await this.views.lockOwnerList(tx, ownerId, input.list);
      if ((await this.views.countOwned(tx, ownerId, input.list)) >= VIEWS_PER_USER_AND_LIST) {
        throw new ConflictError('list', `you already have ${VIEWS_PER_USER_AND_LIST} views on this list; delete one first`);
      }
      await this.checkName(tx, ownerId, input.list, input.name);
      const now = new Date();
      const view: SavedViewEntity = {
        id: randomUUID(),
        ownerId,
        list: input.list,
        name: input.name,
        filters: stored(input.filters),
        sort: input.sort,
        shared: input.shared,
        createdAt: now,
        updatedAt: now,
      };
      await this.views.insert(tx, view);
      return view;
    });
  }

  update(caller: Identity, input: UpdateViewInput): Promise<SavedViewEntity> {
    const ownerId = this.owner(caller);
    return this.uow.run(caller, async (tx) => {
      const view = await this.lockOwn(tx, ownerId, input.id);
      const patch: Partial<SavedViewEntity> = { updatedAt: new Date() };
      if (input.name !== undefined && input.name !== view.name) {
        await this.views.lockOwnerList(tx, ownerId, view.list);
        await this.checkName(tx, ownerId, view.list, input.name, view.id);
        patch.name = input.name;
      }
      if (input.filters !== undefined) patch.filters = stored(input.filters);
      if (input.sort !== undefined) patch.sort = input.sort;
      if (input.shared !== undefined) patch.shared = input.shared;
      await this.views.update(tx, view.id, patch);
      return { ...view, ...patch };
    });
  }

  delete(caller: Identity, id: string): Promise<SavedViewEntity> {
    const ownerId = this.owner(caller);
    return this.uow.run(caller, async (tx) => {
      const view = await this.lockOwn(tx, ownerId, id);
      await this.views.delete(tx, view.id);
      return view;
    });
  }

  /** Views belong to people: a token without a user (a service account) has nobody to keep them for. */
  private owner(caller: Identity): string {
    if (!caller.userId) throw new ForbiddenError('Only a signed-in user keeps saved views');
    return caller.userId.toLowerCase();
  }

  private async checkName(tx: Transaction, ownerId: string, list: string, name: string, exceptId?: string): Promise<void> {
    if (await this.views.nameTaken(tx, ownerId, list, name, exceptId)) {
      throw new ConflictError('name', `you already have a view named "${name}" on this list`);
    }
  }

  /** The caller's own view, row-locked; a colleague's shared view is FORBIDDEN, a private one NOT_FOUND. */
  private async lockOwn(tx: Transaction, ownerId: string, id: string): Promise<SavedViewEntity> {
    const view = await this.views.findForUpdate(tx, id.toLowerCase());
    if (!view || (view.ownerId !== ownerId && !view.shared)) throw new NotFoundError('SavedView', id, 'id');
    if (view.ownerId !== ownerId) throw new ForbiddenError('Only its owner may change or delete a saved view');
    return view;
  }
}

/** The filter as stored: only the fields that were set, so a view reads back exactly as it was given. */
function stored(filters: CustomerFilter | null | undefined): StoredFilter {
  const set = Object.entries(filters ?? {}).filter(([, v]) => v !== undefined && v !== null);
  return Object.fromEntries<StoredFilter[string]>(set as [string, StoredFilter[string]][]);
}
