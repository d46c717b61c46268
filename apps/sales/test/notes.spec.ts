import { ADMIN, itPagesWithCursors } from '@crm/testing';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { salesSubgraph } from '../src/sales.subgraph';
import { dealsApi, MISSING_ID } from './deals.test-helper';

const ids = {
  writer: 'd0000000-0000-4000-8000-000000000001',
  colleague: 'd0000000-0000-4000-8000-000000000002',
  mentioned: 'd0000000-0000-4000-8000-000000000003',
  lead: 'd0000000-0000-4000-8000-0000000000a1',
  pagedLead: 'd0000000-0000-4000-8000-0000000000a2',
  partner: 'd0000000-0000-4000-8000-0000000000b1',
};
const writer = { roles: ['sales' as const], userId: ids.writer, profile: { name: 'Wanda Writer' } };
const colleague = { roles: ['service' as const], userId: ids.colleague, profile: { name: 'Cole League' } };

const NOTE = 'id recordType recordId body authorId mentionedUserIds mentionedTeamIds version author { id name } mentionedTeams { id name }';

interface NoteShape {
  id: string;
  body: string;
  version: number;
  mentionedUserIds: string[];
  mentionedTeamIds: string[];
  author: { id: string; name: string } | null;
  mentionedTeams: { id: string; name: string }[];
}
type Errors = { errors?: { message: string; extensions?: Record<string, unknown> }[] };

describe('notes on records', () => {
  const sales = useTestSubgraph(salesSubgraph);
  const api = dealsApi(() => sales);
  let customerId: string;
  let teamId: string;
  const outbox = (type: string) =>
    sales.sql<{ data: Record<string, unknown> }>('SELECT data FROM outbox WHERE type = $1 ORDER BY seq', [type]);
  const createNote = (input: Record<string, unknown>, as = sales.gqlAs(writer)) =>
    as<{ createNote: NoteShape }>(`mutation($i: CreateNoteInput!) { createNote(input: $i) { ${NOTE} } }`, { i: input });
  const updateNote = (input: Record<string, unknown>, as = sales.gqlAs(writer)) =>
    as<{ updateNote: NoteShape & { versions: { version: number; body: string; editedBy: string }[] } }>(
      `mutation($i: UpdateNoteInput!) { updateNote(input: $i) { ${NOTE} versions { version body editedBy } } }`,
      { i: input },
    );
  const deleteNote = (id: string, as = sales.gqlAs(writer)) =>
    as<{ deleteNote: { id: string } }>('mutation($id: ID!) { deleteNote(id: $id) { id } }', { id });
  const customerNotes = async () =>
    (
      await sales.gql<{ customer: { notes: { edges: { node: NoteShape }[] } } }>(
        `query($id: ID!) { customer(id: $id) { notes { edges { node { ${NOTE} } } } } }`,
        { id: customerId },
      )
    ).data!.customer.notes.edges.map((e) => e.node);
  /** A refused call: one error with its code (and field), and nothing written. */
  const refused = (call: () => Promise<Errors>) => api.refused(['note', 'note_version'], call);

  beforeAll(async () => {
    customerId = await api.createCustomer('Noted GmbH');
    await api.ok('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { id: ids.mentioned, name: 'Menno Tioned' } });
    for (const who of [writer, colleague]) expect((await sales.gqlAs(who)('{ me { id } }')).errors).toBeUndefined();
    teamId = (
      await api.ok<{ createTeam: { id: string } }>('mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }', {
        i: { name: 'Key accounts', memberIds: [ids.mentioned, ids.colleague] },
      })
    ).createTeam.id;
  });

  it('stores script in a note as safe HTML, and reads it back safe', async () => {
    const res = await createNote({
      recordType: 'CUSTOMER',
      recordId: customerId,
      body: '<img src=x onerror=alert(1)><script>alert(document.cookie)</script><p onclick="steal()">Renewal call <b>Friday</b></p>',
      mentionedUserIds: [ids.mentioned],
      mentionedTeamIds: [teamId],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createNote).toMatchObject({
      body: '<p>Renewal call <b>Friday</b></p>',
      version: 1,
      author: { id: ids.writer, name: 'Wanda Writer' },
      mentionedUserIds: [ids.mentioned],
      mentionedTeams: [{ id: teamId, name: 'Key accounts' }],
    });
    const [stored] = await sales.sql<{ body: string }>('SELECT body FROM note WHERE id = $1', [res.data!.createNote.id]);
    expect(stored!.body).toBe('<p>Renewal call <b>Friday</b></p>');
    expect((await customerNotes()).map((n) => n.body)).toEqual(['<p>Renewal call <b>Friday</b></p>']);
    expect((await outbox('crm.sales.note.created.v1')).at(-1)!.data).toMatchObject({
      noteId: res.data!.createNote.id,
      recordType: 'CUSTOMER',
      recordId: customerId,
      customerId,
      authorId: ids.writer,
      mentionedUserIds: [ids.mentioned],
      mentionedTeamIds: [teamId],
    });
  });

  it("puts notes on a contact and a deal under the record's customer", async () => {
    const contactId = await api.addContact(customerId, 'Nora');
    const deal = await api.createOpportunity({ customerId });
    for (const [recordType, recordId] of [
      ['CONTACT', contactId],
      ['OPPORTUNITY', deal.id],
    ] as const) {
      const res = await createNote({ recordType, recordId, body: `<p>on the ${recordType.toLowerCase()}</p>` });
      expect(res.errors).toBeUndefined();
      expect((await outbox('crm.sales.note.created.v1')).at(-1)!.data).toMatchObject({ recordType, recordId, customerId });
    }
    const read = await sales.gql<{ contact: { notes: { edges: { node: { body: string } }[] } } }>(
      'query($id: ID!) { contact(id: $id) { notes { edges { node { body } } } } }',
      { id: contactId },
    );
    expect(read.data?.contact.notes.edges.map((e) => e.node.body)).toEqual(['<p>on the contact</p>']);
  });

  it('refuses an unknown user or team mention by name, and writes nothing', async () => {
    const user = await refused(() =>
      createNote({ recordType: 'CUSTOMER', recordId: customerId, body: 'hi', mentionedUserIds: [MISSING_ID] }),
    );
    expect(user.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mentionedUserIds' });
    expect(user.message).toContain(MISSING_ID);
    const team = await refused(() =>
      createNote({ recordType: 'CUSTOMER', recordId: customerId, body: 'hi', mentionedTeamIds: [MISSING_ID] }),
    );
    expect(team.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mentionedTeamIds' });
    expect(team.message).toContain(MISSING_ID);
  });

  it('refuses a missing record, a body of nothing but script, and a malformed id, naming the field', async () => {
    const missing = await refused(() => createNote({ recordType: 'OPPORTUNITY', recordId: MISSING_ID, body: 'hi' }));
    expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'recordId' });
    const empty = await refused(() =>
      createNote({ recordType: 'CUSTOMER', recordId: customerId, body: '<script>alert(1)</script><p> </p>' }),
    );
    expect(empty.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const malformed = await refused(() => createNote({ recordType: 'LEAD', recordId: 'lead-1', body: 'hi' }));
    expect(malformed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recordId' });
  });

  it('keeps each edit as a version and publishes only the new mentions', async () => {
    const note = (await createNote({ recordType: 'CUSTOMER', recordId: customerId, body: '<p>draft</p>' })).data!.createNote;
    const edited = await updateNote({ id: note.id, body: '<p>final</p><script>x</script>', mentionedUserIds: [ids.mentioned] });
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.updateNote).toMatchObject({
      body: '<p>final</p>',
      version: 2,
      versions: [{ version: 1, body: '<p>draft</p>', editedBy: ids.writer }],
    });
    expect((await outbox('crm.sales.note.updated.v1')).at(-1)!.data).toMatchObject({
      noteId: note.id,
      version: 2,
      editedBy: ids.writer,
      mentionedUserIds: [ids.mentioned],
      newlyMentionedUserIds: [ids.mentioned],
      newlyMentionedTeamIds: [],
    });
    // The same content again is no edit: no version, no event.
    const events = (await outbox('crm.sales.note.updated.v1')).length;
    expect((await updateNote({ id: note.id, body: '<p>final</p>' })).data!.updateNote.version).toBe(2);
    expect((await outbox('crm.sales.note.updated.v1')).length).toBe(events);
  });

  it('lets only its author or an admin edit or delete a note; a deleted note is read by nobody', async () => {
    const note = (await createNote({ recordType: 'CUSTOMER', recordId: customerId, body: '<p>mine</p>' })).data!.createNote;
    const edit = await refused(() => updateNote({ id: note.id, body: 'yours now' }, sales.gqlAs(colleague)));
    expect(edit.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const del = await refused(() => deleteNote(note.id, sales.gqlAs(colleague)));
    expect(del.extensions).toMatchObject({ code: 'FORBIDDEN' });

    expect((await deleteNote(note.id, sales.gqlAs(ADMIN))).errors).toBeUndefined();
    expect((await outbox('crm.sales.note.deleted.v1')).at(-1)!.data).toMatchObject({ noteId: note.id, deletedBy: ADMIN.userId });
    expect((await sales.gql<{ note: unknown }>('query($id: ID!) { note(id: $id) { id } }', { id: note.id })).data!.note).toBeNull();
    expect((await customerNotes()).map((n) => n.id)).not.toContain(note.id);
    const again = await refused(() => deleteNote(note.id));
    expect(again.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('adds notes to leads, cases and partners by their key', async () => {
    for (const [recordType, typename, recordId] of [
      ['LEAD', 'Lead', ids.lead],
      ['CASE', 'Case', ids.lead],
      ['PARTNER', 'Partner', ids.partner],
    ] as const) {
      const created = await createNote({ recordType, recordId, body: `<p>about the ${typename}</p>` }, sales.gqlAs(colleague));
      expect(created.errors).toBeUndefined();
      const res = await sales.gql<{ _entities: { notes: { edges: { node: { body: string; recordType: string } }[] } }[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { notes { edges { node { body recordType } } } } } }`,
        { r: [{ __typename: typename, id: recordId }] },
      );
      expect(res.data!._entities[0]!.notes.edges.map((e) => e.node)).toEqual([{ body: `<p>about the ${typename}</p>`, recordType }]);
    }
  });

  it('refuses partner and customer tokens outright', async () => {
    const partner = { roles: ['partner' as const], partnerId: ids.partner };
    const contact = { roles: ['customer' as const], customerId: ids.partner, contactId: ids.lead };
    for (const who of [partner, contact]) {
      const read = await sales.gqlAs(who)<unknown>('query($id: ID!) { note(id: $id) { id } }', { id: MISSING_ID });
      expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      const write = await refused(() => createNote({ recordType: 'PARTNER', recordId: ids.partner, body: 'hi' }, sales.gqlAs(who)));
      expect(write.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  itPagesWithCursors({
    gql: () => sales.gql,
    field: 'notes',
    on: { typename: 'Lead', id: () => ids.pagedLead },
    label: 'body',
    seed: async () => {
      for (const n of [1, 2, 3])
        expect((await createNote({ recordType: 'LEAD', recordId: ids.pagedLead, body: `<p>n${n}</p>` })).errors).toBeUndefined();
    },
    orders: { NEWEST_FIRST: ['<p>n3</p>', '<p>n2</p>', '<p>n1</p>'] },
  });
});
