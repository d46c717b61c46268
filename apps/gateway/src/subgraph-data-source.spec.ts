import { unavailableErrors } from './subgraph-data-source';

describe('unavailableErrors', () => {
  const at = (errors: ReturnType<typeof unavailableErrors>) => errors.map((e) => e.path);

  it('scopes an entity fetch to every requested field of every representation', () => {
    const query =
      'query($representations:[_Any!]!){_entities(representations:$representations){...on Customer{__typename cases{id} open: openCaseCount}}}';
    const errors = unavailableErrors(query, { representations: [{ id: 'a' }, { id: 'b' }] });
    expect(at(errors)).toEqual([
      ['_entities', 0, 'cases'],
      ['_entities', 0, 'open'],
      ['_entities', 1, 'cases'],
      ['_entities', 1, 'open'],
    ]);
    expect(errors[0]!.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('scopes a root fetch to its root fields, by alias', () => {
    expect(at(unavailableErrors('{ mine: cases(first: 5) { edges { cursor } } case(id: "x") { id } }', undefined))).toEqual([
      ['mine'],
      ['case'],
    ]);
  });
});
