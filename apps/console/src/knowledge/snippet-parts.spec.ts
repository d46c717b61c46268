import { snippetParts } from './snippet-parts';

describe('a knowledge search snippet', () => {
  it('highlights what the server marked and decodes the escaped text', () => {
    expect(snippetParts('Restart the <mark>printer</mark> &amp; check the &lt;cable&gt; … it&#39;s &quot;fine&quot;')).toEqual([
      { text: 'Restart the ', mark: false },
      { text: 'printer', mark: true },
      { text: ' & check the <cable> … it\'s "fine"', mark: false },
    ]);
  });

  it('keeps any other tag as the literal text it is, never markup', () => {
    const parts = snippetParts('<img src=x onerror=alert(1)><mark>x</mark><script>alert(2)</script>');
    expect(parts).toEqual([
      { text: '<img src=x onerror=alert(1)>', mark: false },
      { text: 'x', mark: true },
      { text: '<script>alert(2)</script>', mark: false },
    ]);
  });

  it('decodes an entity once: an escaped entity in the body shows as typed', () => {
    expect(snippetParts('&amp;lt;b&amp;gt;')).toEqual([{ text: '&lt;b&gt;', mark: false }]);
  });
});
