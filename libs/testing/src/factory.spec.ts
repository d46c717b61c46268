import { defineFactory } from './factory';

interface Contact {
  id: string;
  email: string;
  vip: boolean;
}

describe('defineFactory', () => {
  const contacts = defineFactory<Contact>((seq) => ({ id: `c-${seq}`, email: `contact${seq}@example.test`, vip: false }));

  it('builds from defaults with a per-factory sequence, overriding only what is given', () => {
    const other = defineFactory((seq) => ({ n: seq }));
    const first = contacts.build();
    const second = contacts.build({ vip: true });
    expect(other.build()).toEqual({ n: 1 });
    expect(second).toEqual({ id: `c-${Number(first.id.slice(2)) + 1}`, email: expect.stringMatching(/@example\.test$/), vip: true });
  });

  it('builds lists of distinct records with shared overrides', () => {
    const list = contacts.buildList(3, { vip: true });
    expect(list).toHaveLength(3);
    expect(new Set(list.map((c) => c.id)).size).toBe(3);
    expect(list.every((c) => c.vip)).toBe(true);
  });
});
