import { InvalidError } from '@crm/domain';
import { GraphQLError } from 'graphql';
import { createErrorFormatter } from './errors';
import { KeysetCursors } from './keyset-cursor';

const cases = new KeysetCursors('cases', {
  OPENED_AT_DESC: { openedAt: 'timestamp', id: 'uuid' },
  PRIORITY_DESC: { rank: 'integer', openedAt: 'timestamp', id: 'uuid' },
});
const products = new KeysetCursors('products', {
  NAME_ASC: { name: 'string', id: 'uuid' },
  TOTAL_DESC: { total: 'decimal', id: 'uuid' },
  CLOSE_DATE_ASC: { closeDate: 'date', id: 'uuid' },
  INDUSTRY_ASC: { industry: 'string?', id: 'uuid' },
  DUE_AT_ASC: { dueAt: 'timestamp?', id: 'uuid' },
});

const id = '7f6f0d5e-1c1a-4c57-9c1e-3f1f8a2b9c10';
const openedAt = new Date('2031-04-05T06:07:08.123Z');
/** A cursor with arbitrary content, as a client could forge one. */
const forged = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

function refusal(work: () => unknown): InvalidError | undefined {
  try {
    work();
  } catch (e) {
    return e as InvalidError;
  }
  return undefined;
}

describe('KeysetCursors', () => {
  it('round-trips each sort with its typed values', () => {
    expect(cases.decode('OPENED_AT_DESC', cases.encode('OPENED_AT_DESC', { openedAt, id }))).toEqual({
      sort: 'OPENED_AT_DESC',
      openedAt,
      id,
    });
    expect(cases.decode('PRIORITY_DESC', cases.encode('PRIORITY_DESC', { rank: 3, openedAt, id }))).toEqual({
      sort: 'PRIORITY_DESC',
      rank: 3,
      openedAt,
      id,
    });
    expect(products.decode('TOTAL_DESC', products.encode('TOTAL_DESC', { total: '1234567.89', id }))).toMatchObject({
      total: '1234567.89',
    });
    expect(products.decode('CLOSE_DATE_ASC', products.encode('CLOSE_DATE_ASC', { closeDate: '2031-02-28', id }))).toMatchObject({
      closeDate: '2031-02-28',
    });
    expect(products.decode('NAME_ASC', products.encode('NAME_ASC', { name: 'Ünïcødé 🚀', id }))).toMatchObject({ name: 'Ünïcødé 🚀' });
  });

  it('carries NULL for a nullable column, and only there', () => {
    expect(products.decode('INDUSTRY_ASC', products.encode('INDUSTRY_ASC', { industry: null, id }))).toEqual({
      sort: 'INDUSTRY_ASC',
      industry: null,
      id,
    });
    expect(products.decode('DUE_AT_ASC', products.encode('DUE_AT_ASC', { dueAt: null, id }))).toMatchObject({ dueAt: null });
    expect(refusal(() => products.decode('NAME_ASC', forged(['products', 'NAME_ASC', null, id])))).toBeInstanceOf(InvalidError);
  });

  it('lower-cases ids so they compare as Postgres compares uuids', () => {
    expect(cases.decode('OPENED_AT_DESC', forged(['cases', 'OPENED_AT_DESC', openedAt.toISOString(), id.toUpperCase()]))).toMatchObject({
      id,
    });
  });

  it.each([
    ['garbage', 'OPENED_AT_DESC', 'garbage'],
    ['base64 of something that is not JSON', 'OPENED_AT_DESC', Buffer.from('{not json').toString('base64url')],
    ['a JSON object', 'OPENED_AT_DESC', forged({ sort: 'OPENED_AT_DESC' } as never)],
    ['a cursor of the other sort', 'OPENED_AT_DESC', cases.encode('PRIORITY_DESC', { rank: 1, openedAt, id })],
    ['a cursor of another connection', 'OPENED_AT_DESC', products.encode('DUE_AT_ASC', { dueAt: openedAt, id })],
    ['an untagged cursor (the old format)', 'OPENED_AT_DESC', forged([openedAt.toISOString(), id])],
    ['a value too many', 'OPENED_AT_DESC', forged(['cases', 'OPENED_AT_DESC', openedAt.toISOString(), id, 1])],
    ['a value too few', 'OPENED_AT_DESC', forged(['cases', 'OPENED_AT_DESC', openedAt.toISOString()])],
    ['a time that is not an ISO instant', 'OPENED_AT_DESC', forged(['cases', 'OPENED_AT_DESC', 'yesterday', id])],
    ['an impossible date', 'OPENED_AT_DESC', forged(['cases', 'OPENED_AT_DESC', '2024-13-45T00:00:00.000Z', id])],
    ['a time as a number', 'OPENED_AT_DESC', forged(['cases', 'OPENED_AT_DESC', openedAt.getTime(), id])],
    ['an id that is not a UUID', 'OPENED_AT_DESC', forged(['cases', 'OPENED_AT_DESC', openedAt.toISOString(), '1 OR 1=1'])],
    ['a fractional rank', 'PRIORITY_DESC', forged(['cases', 'PRIORITY_DESC', 2.5, openedAt.toISOString(), id])],
    ['a rank as a string', 'PRIORITY_DESC', forged(['cases', 'PRIORITY_DESC', '2', openedAt.toISOString(), id])],
    ['a huge rank', 'PRIORITY_DESC', forged(['cases', 'PRIORITY_DESC', 1e300, openedAt.toISOString(), id])],
    ['a cursor far too long to be ours', 'OPENED_AT_DESC', 'a'.repeat(5000)],
  ] as const)('refuses %s', (_what, sort, cursor) => {
    const error = refusal(() => cases.decode(sort, cursor));
    expect(error).toBeInstanceOf(InvalidError);
    expect(error).toMatchObject({ field: 'after', message: 'after: is not a cursor this list produced' });
  });

  it.each([
    ['a decimal written as a float', forged(['products', 'TOTAL_DESC', 12.5, id])],
    ['a decimal in exponent notation', forged(['products', 'TOTAL_DESC', '1e5', id])],
    ['a date that does not exist', forged(['products', 'CLOSE_DATE_ASC', '2031-02-30', id])],
    ['a date with a time', forged(['products', 'CLOSE_DATE_ASC', '2031-02-03T00:00:00.000Z', id])],
    ['a string with a NUL byte', forged(['products', 'NAME_ASC', 'a\u0000b', id])],
    ['a string with a lone surrogate', forged(['products', 'NAME_ASC', 'a\ud800b', id])],
    ['a string as a number', forged(['products', 'NAME_ASC', 42, id])],
  ])('refuses %s', (_what, cursor) => {
    const sort = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))[1] as 'TOTAL_DESC' | 'CLOSE_DATE_ASC' | 'NAME_ASC';
    expect(refusal(() => products.decode(sort, cursor))).toMatchObject({ field: 'after' });
  });

  it('names the argument it was given', () => {
    expect(refusal(() => cases.decode('OPENED_AT_DESC', 'garbage', 'timelineAfter'))).toMatchObject({ field: 'timelineAfter' });
  });

  it('reaches a client as BAD_USER_INPUT on after, through the GraphQL edge', () => {
    const error = refusal(() => cases.decode('OPENED_AT_DESC', 'garbage'))!;
    const wrapped = new GraphQLError(error.message, { originalError: error });
    expect(createErrorFormatter()(wrapped.toJSON(), wrapped)).toEqual({
      message: 'after: is not a cursor this list produced',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });
});

describe('KeysetCursors.page', () => {
  const rows = [0, 1, 2].map((i) => ({ name: `n${i}`, id }));

  it('asks for one row more than the page, passes the decoded after, and keeps the extra row out of the page', async () => {
    const fetch = jest.fn(async () => rows);
    const after = products.encode('NAME_ASC', { name: 'm', id });
    const page = await products.page({ first: 2, after, sort: 'NAME_ASC' }, fetch);
    expect(fetch).toHaveBeenCalledWith({ sort: 'NAME_ASC', after: { sort: 'NAME_ASC', name: 'm', id }, limit: 3 });
    expect(page.edges.map((e) => e.node.name)).toEqual(['n0', 'n1']);
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: products.encode('NAME_ASC', rows[1]!) });
    expect(products.decode('NAME_ASC', page.pageInfo.endCursor!)).toEqual({ sort: 'NAME_ASC', name: 'n1', id });
  });

  it('encodes with cursorOf where the sort key is computed, and refuses a foreign after before fetching', async () => {
    const page = await products.page(
      { sort: 'NAME_ASC' },
      async () => rows.slice(0, 1),
      () => 'computed',
    );
    expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: 'computed' });
    const fetch = jest.fn(async () => rows);
    const foreign = cases.encode('OPENED_AT_DESC', { openedAt, id });
    await expect(products.page({ after: foreign, sort: 'NAME_ASC' }, fetch)).rejects.toBeInstanceOf(InvalidError);
    expect(fetch).not.toHaveBeenCalled();
  });
});
