import { randomUUID } from 'node:crypto';
import { useTestSubgraph } from '@crm/subgraph-testing';
import { ADMIN, itPagesWithCursors } from '@crm/testing';
import { serviceSubgraph } from '../src/service.subgraph';

/** The knowledge base through the service subgraph's GraphQL: versions, visibility, search, votes and links to cases. */
describe('service: the knowledge base', () => {
  const service = useTestSubgraph(serviceSubgraph);
  const { gql } = service;

  const FIELDS = 'id title body status visibility categoryId publishedVersion latestVersion helpfulCount notHelpfulCount publishedAt';
  interface ArticleView {
    id: string;
    title: string;
    body: string;
    status: string;
    visibility: string;
    categoryId: string | null;
    publishedVersion: number | null;
    latestVersion: number;
    helpfulCount: number;
    notHelpfulCount: number;
    publishedAt: string | null;
  }
  const writes = async () =>
    JSON.stringify(
      await service.sql(
        `SELECT (SELECT count(*) FROM kb_article) AS articles, (SELECT max(updated_at) FROM kb_article) AS latest,
                (SELECT count(*) FROM kb_article_version) AS versions, (SELECT count(*) FROM kb_category) AS categories,
                (SELECT count(*) FROM kb_article_vote) AS votes, (SELECT count(*) FROM case_article) AS links,
                (SELECT count(*) FROM outbox) AS events`,
      ),
    );
  const create = async (input: Record<string, unknown>): Promise<ArticleView> => {
    const res = await gql<{ createKnowledgeArticle: ArticleView }>(
      `mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { ${FIELDS} } }`,
      { i: { title: 'How to reset a password', body: 'Open settings and choose reset.', ...input } },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createKnowledgeArticle;
  };
  const update = (input: Record<string, unknown>) =>
    gql<{ updateKnowledgeArticle: ArticleView }>(
      `mutation($i: UpdateKnowledgeArticleInput!) { updateKnowledgeArticle(input: $i) { ${FIELDS} } }`,
      { i: input },
    );
  const publish = (id: string) =>
    gql<{ publishKnowledgeArticle: ArticleView }>(`mutation($id: ID!) { publishKnowledgeArticle(id: $id) { ${FIELDS} } }`, { id });
  const published = async (input: Record<string, unknown>) => {
    const a = await create(input);
    const res = await publish(a.id);
    expect(res.errors).toBeUndefined();
    return res.data!.publishKnowledgeArticle;
  };
  const read = async (id: string) =>
    (
      await gql<{ knowledgeArticle: ArticleView & { versions: { version: number; title: string; publishedAt: string | null }[] } }>(
        `query($id: ID!) { knowledgeArticle(id: $id) { ${FIELDS} versions { version title publishedAt } } }`,
        { id },
      )
    ).data!.knowledgeArticle;
  type SearchPage = {
    searchKnowledgeArticles: {
      edges: { node: { article: { id: string; title: string }; snippet: string; score: number } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const search = (query: string, extra: Record<string, unknown> = {}) =>
    gql<SearchPage>(
      `query($q: String!, $first: Int, $after: String, $categoryId: ID, $visibility: ArticleVisibility) {
        searchKnowledgeArticles(query: $q, first: $first, after: $after, categoryId: $categoryId, visibility: $visibility) {
          edges { node { article { id title } snippet score } } pageInfo { hasNextPage endCursor } } }`,
      { q: query, ...extra },
    );
  const hits = async (query: string, extra: Record<string, unknown> = {}) => {
    const res = await search(query, extra);
    expect(res.errors).toBeUndefined();
    return res.data!.searchKnowledgeArticles.edges.map((e) => e.node);
  };

  it('writes a DRAFT that is edited in place until first published, then publishes it with an event', async () => {
    const a = await create({ title: 'Draft title' });
    expect(a).toMatchObject({ status: 'DRAFT', visibility: 'INTERNAL', latestVersion: 1, publishedVersion: null, publishedAt: null });
    const edited = await update({ id: a.id, title: 'Better title' });
    expect(edited.data!.updateKnowledgeArticle).toMatchObject({ title: 'Better title', latestVersion: 1 });
    const res = await publish(a.id);
    expect(res.data!.publishKnowledgeArticle).toMatchObject({ status: 'PUBLISHED', publishedVersion: 1, title: 'Better title' });
    const events = await service.sql<{ type: string; data: Record<string, unknown> }>(
      "SELECT type, data FROM outbox WHERE data->>'articleId' = $1",
      [a.id],
    );
    expect(events).toEqual([
      {
        type: 'crm.service.knowledge-article.published.v1',
        data: expect.objectContaining({
          articleId: a.id,
          version: 1,
          title: 'Better title',
          visibility: 'INTERNAL',
          publishedBy: ADMIN.userId,
        }),
      },
    ]);
  });

  it('keeps what readers see while an edit of a published article waits as a new draft version', async () => {
    const a = await published({ title: 'Printer jams', body: 'Open the tray.' });
    const edit = await update({ id: a.id, body: 'Open the tray and remove the paper.' });
    expect(edit.errors).toBeUndefined();
    expect(edit.data!.updateKnowledgeArticle).toMatchObject({ body: 'Open the tray.', publishedVersion: 1, latestVersion: 2 });
    // A second edit changes the same draft, not a third version.
    await update({ id: a.id, title: 'Printer jams (paper)' });
    const before = await read(a.id);
    expect(before).toMatchObject({ title: 'Printer jams', body: 'Open the tray.', latestVersion: 2 });
    expect(before.versions.map((v) => [v.version, v.title, v.publishedAt !== null])).toEqual([
      [2, 'Printer jams (paper)', false],
      [1, 'Printer jams', true],
    ]);
    expect((await hits('paper')).map((h) => h.article.id)).not.toContain(a.id);
    const after = (await publish(a.id)).data!.publishKnowledgeArticle;
    expect(after).toMatchObject({ title: 'Printer jams (paper)', body: 'Open the tray and remove the paper.', publishedVersion: 2 });
    expect((await hits('paper')).map((h) => h.article.id)).toContain(a.id);
  });

  it('refuses to publish again with no draft as CONFLICT, and archiving takes it out of search', async () => {
    const a = await published({ title: 'Quarantined zebra', body: 'Zebras.' });
    const before = await writes();
    expect((await publish(a.id)).errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'id' });
    expect(await writes()).toBe(before);
    expect((await hits('zebra')).map((h) => h.article.id)).toEqual([a.id]);
    const archived = await gql<{ archiveKnowledgeArticle: ArticleView }>(
      'mutation($id: ID!) { archiveKnowledgeArticle(id: $id) { status } }',
      {
        id: a.id,
      },
    );
    expect(archived.data!.archiveKnowledgeArticle.status).toBe('ARCHIVED');
    expect(await hits('zebra')).toEqual([]);
    // Analytics' search learns it from the event; archiving again changes nothing and publishes nothing.
    const archivedEvents = async () =>
      service.sql<{ data: Record<string, unknown> }>(
        "SELECT data FROM outbox WHERE type = 'crm.service.knowledge-article.archived.v1' AND data->>'articleId' = $1",
        [a.id],
      );
    expect(await archivedEvents()).toEqual([
      { data: expect.objectContaining({ articleId: a.id, title: 'Quarantined zebra', archivedBy: ADMIN.userId }) },
    ]);
    await gql('mutation($id: ID!) { archiveKnowledgeArticle(id: $id) { status } }', { id: a.id });
    expect(await archivedEvents()).toHaveLength(1);
  });

  it('ranks a title match above a body match, with highlighted, HTML-escaped snippets', async () => {
    const inBody = await published({
      title: 'Connectivity guide',
      body: 'Restart the firewall appliance if the <b>router</b> blinks <script>alert(1)</script>.',
    });
    const inTitle = await published({ title: 'Firewall rules', body: 'Rules are checked top down.' });
    const found = await hits('firewall');
    expect(found.map((h) => h.article.id)).toEqual([inTitle.id, inBody.id]);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
    expect(found[1]!.snippet).toContain('<mark>firewall</mark>');
    // The body's own markup is text: no tag in the snippet but the marks.
    expect(found[1]!.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    // Stemmed: "firewalls" finds the same articles; a phrase in quotes and an exclusion work as people type them.
    expect((await hits('firewalls')).length).toBe(2);
    expect((await hits('"restart the firewall"')).map((h) => h.article.id)).toEqual([inBody.id]);
    expect((await hits('firewall -router')).map((h) => h.article.id)).toEqual([inTitle.id]);
  });

  it('filters a search by visibility and category', async () => {
    const category = await gql<{ createKnowledgeCategory: { id: string } }>(
      'mutation { createKnowledgeCategory(input: { name: "Billing" }) { id } }',
    );
    const categoryId = category.data!.createKnowledgeCategory.id;
    const pub = await published({ title: 'Invoice copies', body: 'Download invoices.', visibility: 'PUBLIC', categoryId });
    const internal = await published({ title: 'Invoice corrections', body: 'Credit note first.' });
    expect((await hits('invoice')).map((h) => h.article.id).sort()).toEqual([pub.id, internal.id].sort());
    expect((await hits('invoice', { visibility: 'PUBLIC' })).map((h) => h.article.id)).toEqual([pub.id]);
    expect((await hits('invoice', { categoryId })).map((h) => h.article.id)).toEqual([pub.id]);
  });

  it('pages search hits with keyset cursors, best first, none twice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await published({ title: `Quokka care ${i}`, body: 'quokka '.repeat(i + 1) })).id);
    const seen: string[] = [];
    let after: string | null = null;
    let last = Infinity;
    for (;;) {
      const page: SearchPage['searchKnowledgeArticles'] = (await search('quokka', { first: 2, after })).data!.searchKnowledgeArticles;
      for (const e of page.edges) {
        expect(e.node.score).toBeLessThanOrEqual(last);
        last = e.node.score;
        seen.push(e.node.article.id);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual(ids.sort());
    expect((await search('quokka', { after: 'bm90IGEgY3Vyc29y' })).errors![0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });

  it.each([
    ['a percent sign', '%'],
    ['an underscore', '_'],
    ['quotes', `"'"'`],
    ['operators alone', '& | ! <-> :*'],
    ['a backslash', '\\'],
  ])('takes %s as text: no error, no match beyond what the words say', async (_what, query) => {
    const res = await search(query);
    expect(res.errors).toBeUndefined();
    expect(res.data!.searchKnowledgeArticles.edges).toEqual([]);
  });

  it.each([
    ['10,000 characters', 'x'.repeat(10_000)],
    ['201 characters', 'y'.repeat(201)],
    ['only spaces', '   '],
  ])('refuses a query of %s as BAD_USER_INPUT on query', async (_what, query) => {
    const res = await search(query);
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
    expect(res.errors![0]!.message).toContain('query: must be 1 to 200 characters');
  });

  it('counts one vote per user per article: voting again replaces it', async () => {
    const a = await published({ title: 'Voting' });
    const vote = (helpful: boolean, caller = ADMIN) =>
      service.gqlAs(caller)<{ voteKnowledgeArticle: ArticleView }>(
        'mutation($i: VoteKnowledgeArticleInput!) { voteKnowledgeArticle(input: $i) { helpfulCount notHelpfulCount } }',
        { i: { articleId: a.id, helpful } },
      );
    const other = { ...ADMIN, userId: randomUUID() };
    expect((await vote(true)).data!.voteKnowledgeArticle).toEqual({ helpfulCount: 1, notHelpfulCount: 0 });
    expect((await vote(true)).data!.voteKnowledgeArticle).toEqual({ helpfulCount: 1, notHelpfulCount: 0 });
    expect((await vote(false, other)).data!.voteKnowledgeArticle).toEqual({ helpfulCount: 1, notHelpfulCount: 1 });
    expect((await vote(false)).data!.voteKnowledgeArticle).toEqual({ helpfulCount: 0, notHelpfulCount: 2 });
    expect(await service.count('kb_article_vote WHERE article_id = ' + `'${a.id}'`)).toBe(2);

    const draft = await create({});
    const before = await writes();
    const refused = await gql('mutation($i: VoteKnowledgeArticleInput!) { voteKnowledgeArticle(input: $i) { id } }', {
      i: { articleId: draft.id, helpful: true },
    });
    expect(refused.errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'articleId' });
    expect(await writes()).toBe(before);
  });

  it('links a published article to the case it solved, once, with an event, and lists it on the case', async () => {
    const a = await published({ title: 'Toner swap' });
    const opened = await gql<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
      i: { customerId: service.customers.add(), subject: 'Faded prints', priority: 'LOW' },
    });
    const caseId = opened.data!.openCase.id;
    const link = () =>
      gql<{ linkArticleToCase: { id: string; articles: { id: string }[] } }>(
        'mutation($i: LinkArticleToCaseInput!) { linkArticleToCase(input: $i) { id articles { id } } }',
        { i: { caseId, articleId: a.id } },
      );
    expect((await link()).data!.linkArticleToCase).toEqual({ id: caseId, articles: [{ id: a.id }] });
    expect((await link()).data!.linkArticleToCase.articles).toEqual([{ id: a.id }]);
    const events = await service.sql<{ data: Record<string, unknown> }>(
      "SELECT data FROM outbox WHERE type = 'crm.service.case.article-linked.v1' AND data->>'caseId' = $1",
      [caseId],
    );
    expect(events.map((e) => e.data)).toEqual([expect.objectContaining({ articleId: a.id, articleTitle: 'Toner swap' })]);

    const draft = await create({});
    const before = await writes();
    const tryLink = (i: Record<string, unknown>) =>
      gql('mutation($i: LinkArticleToCaseInput!) { linkArticleToCase(input: $i) { id } }', { i });
    expect((await tryLink({ caseId, articleId: draft.id })).errors![0]!.extensions).toEqual({ code: 'CONFLICT', field: 'articleId' });
    expect((await tryLink({ caseId, articleId: randomUUID() })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'articleId' });
    expect((await tryLink({ caseId: randomUUID(), articleId: a.id })).errors![0]!.extensions).toEqual({
      code: 'NOT_FOUND',
      field: 'caseId',
    });
    expect(await writes()).toBe(before);
  });

  it('suggests published articles for a case by its subject and description, best match first, bounded by first', async () => {
    // Words no other test's article has, so the ranking is these articles' alone.
    const inTitle = await published({ title: 'Zorblax wobbles', body: 'Tighten its feet, then level it.' });
    const inBody = await published({ title: 'Cleaning', body: 'A zorblax needs cleaning every month.' });
    await create({ title: 'Zorblax wobbles, the draft' });
    await published({ title: 'Unrelated', body: 'Nothing about it here.' });
    const open = async (subject: string, description?: string) =>
      (
        await gql<{ openCase: { id: string } }>('mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }', {
          i: { customerId: service.customers.add(), subject, priority: 'LOW', ...(description ? { description } : {}) },
        })
      ).data!.openCase.id;
    const suggested = (id: string, first?: number) =>
      gql<{ case: { suggestedArticles: { id: string }[] } }>(
        'query($id: ID!, $first: Int) { case(id: $id) { suggestedArticles(first: $first) { id } } }',
        { id, first },
      );
    const ids = async (id: string, first?: number) => {
      const res = await suggested(id, first);
      expect(res.errors).toBeUndefined();
      return res.data!.case.suggestedArticles.map((a) => a.id);
    };
    // Any of the case's words matches (stemmed: "wobbling" finds "wobbles"); the one holding more of them, in its title, first.
    const caseId = await open('Zorblax wobbling', 'It wobbled loudly.');
    expect(await ids(caseId)).toEqual([inTitle.id, inBody.id]);
    expect(await ids(caseId, 1)).toEqual([inTitle.id]);
    // The description counts too; a case of stop words only suggests nothing.
    expect(await ids(await open('Help', 'Where is the zorblax manual?'))).toEqual([inTitle.id, inBody.id]);
    expect(await ids(await open('The and of it'))).toEqual([]);
    for (const first of [0, 11]) {
      const res = await suggested(caseId, first);
      expect(res.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    }
  });

  describe('bad input writes nothing', () => {
    it.each([
      ['an empty title', { title: ' ' }, 'BAD_USER_INPUT', 'title'],
      ['a 201-character title', { title: 't'.repeat(201) }, 'BAD_USER_INPUT', 'title'],
      ['an unknown category', { categoryId: randomUUID() }, 'NOT_FOUND', 'categoryId'],
      ['a malformed category', { categoryId: 'billing' }, 'BAD_USER_INPUT', 'categoryId'],
      ['an unknown visibility', { visibility: 'SECRET' }, 'BAD_USER_INPUT', 'visibility'],
    ])('refuses an article with %s naming the field', async (_what, over, code, field) => {
      const before = await writes();
      const res = await gql('mutation($i: CreateKnowledgeArticleInput!) { createKnowledgeArticle(input: $i) { id } }', {
        i: { title: 'T', body: 'B', ...over },
      });
      expect(res.errors![0]!.extensions).toEqual({ code, field });
      expect(await writes()).toBe(before);
    });

    it('refuses an explicit null title, an unknown article and a second category of the same name', async () => {
      const a = await create({});
      await gql('mutation { createKnowledgeCategory(input: { name: "Twice" }) { id } }');
      const before = await writes();
      expect((await update({ id: a.id, title: null })).errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'title' });
      expect((await update({ id: randomUUID(), title: 'x' })).errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'id' });
      expect((await gql('mutation { createKnowledgeCategory(input: { name: "Twice" }) { id } }')).errors![0]!.extensions).toEqual({
        code: 'CONFLICT',
        field: 'name',
      });
      expect(await writes()).toBe(before);
    });
  });

  it('resolves articles by key, batched, for the records search hits point at: an unknown id as null', async () => {
    const a = await published({ title: 'Entity article', body: 'Resolved by key.' });
    const res = await gql<{ _entities: ({ id: string; title: string } | null)[] }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on KnowledgeArticle { id title } } }',
      {
        r: [
          { __typename: 'KnowledgeArticle', id: a.id },
          { __typename: 'KnowledgeArticle', id: randomUUID() },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: a.id, title: 'Entity article' }, null]);
  });

  describe('knowledgeArticles', () => {
    let categoryId: string;
    itPagesWithCursors({
      gql: () => gql,
      field: 'knowledgeArticles',
      filterType: 'KnowledgeArticleFilter',
      label: 'title',
      seed: async () => {
        const c = await gql<{ createKnowledgeCategory: { id: string } }>(
          'mutation { createKnowledgeCategory(input: { name: "Paged" }) { id } }',
        );
        categoryId = c.data!.createKnowledgeCategory.id;
        for (const title of ['Paged A', 'Paged B', 'Paged C']) await create({ title, categoryId });
      },
      filter: () => ({ categoryId }),
      orders: { UPDATED_AT_DESC: ['Paged C', 'Paged B', 'Paged A'] },
    });
  });
});
