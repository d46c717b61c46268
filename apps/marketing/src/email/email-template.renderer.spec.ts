import { InvalidError } from '@crm/domain';
import { checkTemplate, prepareTemplate, renderMessage } from './email-template.renderer';

const tracking = { open: 'https://t/o/1', unsubscribe: 'https://t/u/1', click: (i: number) => `https://t/c/${i}?a=1&b=2` };

describe('email templates', () => {
  it('escapes merge values in HTML, not in the subject or text, and tracks every link', () => {
    const t = prepareTemplate({
      subject: 'Hello {{firstName}}',
      html: '<p>Hi {{name}} of {{company}}</p><a href="https://example.com/a?x=1">A</a> <a href=\'https://example.com/b\'>B</a>',
      text: 'Hi {{name}}',
    });
    expect(t.links).toEqual(['https://example.com/a?x=1', 'https://example.com/b']);
    const m = renderMessage(t, { firstName: 'Ada\r\nBcc: x', name: '<script>alert(1)</script>', company: 'A & "B"' }, tracking);
    expect(m.subject).toBe('Hello Ada Bcc: x');
    expect(m.html).toContain('<p>Hi &lt;script&gt;alert(1)&lt;&#x2F;script&gt; of A &amp; &quot;B&quot;</p>');
    expect(m.html).toContain('<a href="https:&#x2F;&#x2F;t&#x2F;c&#x2F;0?a&#x3D;1&amp;b&#x3D;2">A</a>');
    expect(m.html).toContain('href="https:&#x2F;&#x2F;t&#x2F;c&#x2F;1?a&#x3D;1&amp;b&#x3D;2">B</a>');
    expect(m.html).toContain('<img src="https:&#x2F;&#x2F;t&#x2F;o&#x2F;1"');
    expect(m.html).toContain('Unsubscribe</a>');
    expect(m.html).not.toContain('example.com');
    expect(m.text).toBe('Hi <script>alert(1)</script>\n\nUnsubscribe: https://t/u/1');
  });

  it.each([
    ['an unknown field', '<p>{{password}}</p>', /not a merge field/],
    ['an unescaped field', '<p>{{{name}}}</p>', /not allowed/],
    ['an unescaped field the other way', '<p>{{& name}}</p>', /not allowed/],
    ['a partial', '<p>{{> other}}</p>', /not allowed/],
    ['an unclosed section', '<p>{{#company}}at</p>', /not a valid template/],
    ['a link built from a merge field', '<a href="https://x.com/{{email}}">x</a>', /fixed http\(s\) URL/],
    ['a javascript: link', '<a href="javascript:alert(1)">x</a>', /fixed http\(s\) URL/],
  ])('refuses %s, naming the field', (_name, html, reason) => {
    let caught: unknown;
    try {
      checkTemplate('html', html, true);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidError);
    expect((caught as InvalidError).field).toBe('html');
    expect((caught as InvalidError).reason).toMatch(reason);
  });

  it('accepts sections on merge fields', () => {
    expect(() => checkTemplate('html', '{{#company}}<p>at {{company}}</p>{{/company}}{{^company}}hi{{/company}}', true)).not.toThrow();
  });
});
