import { readyMessage, type ReadyStack } from './ready-message';

const urlsIn = (text: string): string[] => [...text.matchAll(/https?:\/\/[^\s'"]+/g)].map((m) => m[0]);

describe('what npm start prints once the stack is ready', () => {
  const stack: ReadyStack = { port: 4000, seconds: 12.34, adminToken: 'tok', mailDir: '.data/mail', logDir: '.data/logs' };

  it('opens with the console’s URL, then the graph, the contracts’ endpoints and the example form', () => {
    const text = readyMessage({ ...stack, formKey: 'f0rm', example: "curl -s http://localhost:4000/graphql --data '{}'" });
    expect(text.trim().split('\n')[0]).toBe('Console: http://localhost:4000/');
    expect(urlsIn(text)).toEqual([
      'http://localhost:4000/',
      'http://localhost:4000/graphql',
      'http://localhost:4000/partner/graphql',
      'http://localhost:4000/portal/graphql',
      'http://localhost:4000/forms/f0rm',
      'http://localhost:4000/graphql',
    ]);
    expect(text).toContain('Ready in 12.3 s');
    expect(text).toContain('Authorization: Bearer tok');
  });

  it('still opens with the console’s URL when there is no demo data (no form, no example)', () => {
    const text = readyMessage({ ...stack, port: 4100 });
    expect(urlsIn(text)).toEqual([
      'http://localhost:4100/',
      'http://localhost:4100/graphql',
      'http://localhost:4100/partner/graphql',
      'http://localhost:4100/portal/graphql',
    ]);
    expect(text).not.toContain('Try it');
  });
});
