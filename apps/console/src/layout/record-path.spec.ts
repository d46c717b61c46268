import { recordPath } from './record-path';

describe('the page of a record the server names', () => {
  it('is the record’s page for the types the console shows, however the type is spelled', () => {
    expect(recordPath('Opportunity', 'o1')).toBe('/opportunities/o1');
    expect(recordPath('OPPORTUNITY', 'o1')).toBe('/opportunities/o1');
    expect(recordPath('Case', 'c1')).toBe('/cases/c1');
    expect(recordPath('Lead', 'l1')).toBe('/leads/l1');
    expect(recordPath('Campaign', 'm1')).toBe('/campaigns/m1');
    expect(recordPath('Partner', 'p1')).toBe('/partners/p1');
    expect(recordPath('Customer', 'u1')).toBe('/customers/u1');
    expect(recordPath('KNOWLEDGE_ARTICLE', 'k1')).toBe('/knowledge/k1');
  });

  it('is none for a type without a page, or a name that is not a type at all', () => {
    for (const type of ['Contact', 'Quote', 'Activity', 'Commission', 'constructor', '__proto__', '']) {
      expect(recordPath(type, 'x')).toBeNull();
    }
  });

  it('keeps an id that is not a plain id inside its path segment', () => {
    expect(recordPath('Case', '../sign-in?x=1')).toBe('/cases/..%2Fsign-in%3Fx%3D1');
  });
});
