import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A user's named combination of a list's filters and sort. `filters` holds the list's own filter
 * input as validated when it was saved (never free JSON from a client), so applying it later runs
 * the same query the list would.
 */
/** A list filter's set fields, as JSON: strings, numbers and lists of enum values. */
export type StoredFilter = Record<string, string | number | string[]>;

@Entity('saved_view')
@Index('saved_view_owner_list_idx', ['ownerId', 'list'])
// On lower(name) and partial: TypeORM cannot declare either, so the migration writes them by hand.
@Index('saved_view_owner_list_name_key', { synchronize: false })
@Index('saved_view_shared_idx', { synchronize: false })
export class SavedViewEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  ownerId!: string;

  /** CUSTOMERS, for now (SavedViewList). */
  @Column('text')
  list!: string;

  /** Unique per owner and list, case-insensitively (saved_view_owner_list_name_key). */
  @Column('text')
  name!: string;

  @Column('jsonb')
  filters!: StoredFilter;

  @Column('text')
  sort!: string;

  /** Shown to every staff user who can read the list; only the owner changes or deletes it. */
  @Column('boolean', { default: false })
  shared!: boolean;

  @Column('timestamptz')
  createdAt!: Date;

  @Column('timestamptz')
  updatedAt!: Date;
}
