import { hasText, sanitizeNoteHtml } from './note-html';

describe('a note body', () => {
  it('loses script, handlers and the tags it may not hold, keeping the text', () => {
    const clean = sanitizeNoteHtml(
      '<img src=x onerror=alert(1)><script>alert(2)</script><p onclick="x()">Call <b>Ann</b></p><iframe src="//evil"></iframe>',
    );
    expect(clean).toBe('<p>Call <b>Ann</b></p>');
  });

  it('keeps http(s) and mailto links, opening without their opener, and drops javascript: ones', () => {
    expect(sanitizeNoteHtml('<a href="https://example.com/x" style="color:red">docs</a>')).toBe(
      '<a href="https://example.com/x" rel="noopener noreferrer nofollow" target="_blank">docs</a>',
    );
    expect(sanitizeNoteHtml('<a href="javascript:alert(1)">x</a>')).toBe('<a rel="noopener noreferrer nofollow" target="_blank">x</a>');
    expect(sanitizeNoteHtml('<a href="JaVaScRiPt&colon;alert(1)">x</a>')).not.toMatch(/javascript/i);
  });

  it('escapes text that looks like markup once its tags are gone', () => {
    expect(sanitizeNoteHtml('<p>1 &lt; 2 &amp; <svg><g onload=alert(1)></g></svg>done</p>')).toBe('<p>1 &lt; 2 &amp; done</p>');
  });

  it('tells a body with text from one with only empty tags', () => {
    expect(hasText(sanitizeNoteHtml('<script>x</script><p> </p>'))).toBe(false);
    expect(hasText('<p>hi</p>')).toBe(true);
  });
});
