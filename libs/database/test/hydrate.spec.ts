import { createTestDatabase, type TestDatabase } from '@crm/testing';
import { Column, DataSource, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { hydrate, serviceDataSourceOptions } from '../src';

@Entity('gadget')
class GadgetEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') displayName!: string;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('timestamptz') createdAt!: Date;
  @Column('date') dueOn!: string;
  @Column('text', { array: true }) tags!: string[];
  @Column('numeric', { transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  price!: number;
}

/** A relation with its join column also a property: hydrated like a `find` without `relations`. */
@Entity('gadget_label')
class GadgetLabelEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid') gadgetId!: string;
  @ManyToOne(() => GadgetEntity) @JoinColumn({ name: 'gadget_id' }) gadget?: GadgetEntity;
}

/** A relation whose join column has no property of its own. */
@Entity('gadget_part')
class GadgetPartEntity {
  @PrimaryColumn('uuid') id!: string;
  @ManyToOne(() => GadgetEntity) @JoinColumn({ name: 'gadget_id' }) gadget!: GadgetEntity;
}

describe('hydrate (a raw SQL row as an entity)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const id = '7a0c2b8e-3f4d-4c1e-9a6b-0d2e5f8a1b3c';

  beforeAll(async () => {
    db = await createTestDatabase({ template: 'hydrate_lib', migrate: async () => {} });
    ds = await new DataSource(
      serviceDataSourceOptions({
        url: db.url,
        applicationName: 'hydrate-spec',
        entities: [GadgetEntity, GadgetLabelEntity, GadgetPartEntity],
        migrations: [],
      }),
    ).initialize();
    await ds.query(
      'CREATE TABLE gadget (id uuid PRIMARY KEY, display_name text NOT NULL, note text, created_at timestamptz NOT NULL, due_on date NOT NULL, tags text[] NOT NULL, price numeric NOT NULL)',
    );
    await ds.query(`INSERT INTO gadget VALUES ($1, 'Widget', NULL, '2026-03-01T10:00:00Z', '2026-04-02', '{a,b}', '12.50')`, [id]);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('gives what TypeORM itself loads: names mapped, dates, dates without time and transformers converted', async () => {
    const [row] = await ds.query<Record<string, unknown>[]>('SELECT *, 1 AS extra FROM gadget');
    const entity = hydrate(ds.manager, GadgetEntity, row!);
    expect(entity).toBeInstanceOf(GadgetEntity);
    expect(entity).toEqual(await ds.getRepository(GadgetEntity).findOneByOrFail({ id }));
    expect(entity).toEqual({
      id,
      displayName: 'Widget',
      note: null,
      createdAt: new Date('2026-03-01T10:00:00Z'),
      dueOn: '2026-04-02',
      tags: ['a', 'b'],
      price: 12.5,
    });
  });

  it('refuses a row that lacks one of the columns, naming it', async () => {
    const [row] = await ds.query<Record<string, unknown>[]>('SELECT id, display_name FROM gadget');
    expect(() => hydrate(ds.manager, GadgetEntity, row!)).toThrow('hydrate: the row for GadgetEntity has no column "note"');
  });

  it('leaves a relation unloaded when its join column is a property of its own', () => {
    const label = hydrate(ds.manager, GadgetLabelEntity, { id, gadget_id: id });
    expect(label).toEqual({ id, gadgetId: id });
    expect(label.gadget).toBeUndefined();
  });

  it('refuses a join column with no property of its own, whose value alone is not the related record', () => {
    expect(() => hydrate(ds.manager, GadgetPartEntity, { id, gadget_id: id })).toThrow(
      'hydrate: GadgetPartEntity has join columns with no property of their own (gadget_id)',
    );
  });
});
