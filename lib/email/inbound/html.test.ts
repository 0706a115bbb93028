import { describe, expect, it } from 'vitest';
import { safeHref, sanitizeHtml } from './html';

describe('sanitizeHtml', () => {
  it('keeps the allowed formatting and drops every attribute but a safe link target', () => {
    expect(sanitizeHtml('<p class="x" style="color:red">Hi <b>you</b>, <em>see</em> <a href="https://acme.example/a?b=1&amp;c=2" title="t">this</a></p>')).toBe(
      '<p>Hi <b>you</b>, <em>see</em> <a href="https://acme.example/a?b=1&amp;c=2" rel="noopener noreferrer">this</a></p>',
    );
    expect(sanitizeHtml('<table border="1"><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>')).toBe(
      '<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>',
    );
    expect(sanitizeHtml('<h1>T</h1><pre><code>x &lt; y</code></pre><blockquote>q</blockquote><ol><li>1</li></ol>')).toBe(
      '<h1>T</h1><pre><code>x &lt; y</code></pre><blockquote>q</blockquote><ol><li>1</li></ol>',
    );
  });

  it('drops scripts and styles with their content', () => {
    expect(sanitizeHtml('<p>a</p><script>alert(1)</script><style>p{}</style><noscript>n</noscript><p>b</p>')).toBe('<p>a</p><p>b</p>');
    expect(sanitizeHtml('<scr<script>ipt>alert(1)</script>')).not.toContain('<script');
  });

  it('drops event handlers and images, remote or inline', () => {
    expect(sanitizeHtml('<img src=x onerror=alert(1)><div onmouseover="alert(2)">d</div><img src="cid:logo"><img src="data:image/png;base64,AAAA">')).toBe(
      '<div>d</div>',
    );
  });

  it('keeps only http, https and mailto links, however the scheme is disguised', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      '&#106;avascript:alert(1)',
      'vbscript:x',
      'data:text/html,<script>alert(1)</script>',
    ]) {
      expect(sanitizeHtml(`<a href="${href}">x</a>`), href).toBe('x');
    }
    expect(sanitizeHtml('<a href="mailto:help@acme.example">mail</a>')).toBe('<a href="mailto:help@acme.example" rel="noopener noreferrer">mail</a>');
    expect(safeHref('https://acme.example/"onmouseover="x')).toBe('https://acme.example/"onmouseover="x');
    expect(sanitizeHtml('<a href=\'https://acme.example/"onmouseover="x\'>q</a>')).toBe(
      '<a href="https://acme.example/&quot;onmouseover=&quot;x" rel="noopener noreferrer">q</a>',
    );
  });

  it('drops SVG and MathML with what they contain', () => {
    expect(sanitizeHtml('<svg onload="alert(1)"><script>alert(2)</script><foreignObject><p>x</p></foreignObject></svg><p>after</p>')).toBe('<p>after</p>');
    expect(sanitizeHtml('<math><mtext><img src=x onerror=alert(1)></mtext></math>ok')).toBe('ok');
  });

  it('drops frames, objects and forms with their controls', () => {
    expect(
      sanitizeHtml(
        '<iframe src="https://evil.example"></iframe><object data="x"></object><embed src="y"><form action="z"><input name="p"><button>Go</button><textarea>t</textarea></form>end',
      ),
    ).toBe('end');
  });

  it('unwraps unknown elements, keeping their text escaped', () => {
    expect(sanitizeHtml('<html><body><font color="red">red &lt;b&gt;</font><center>c</center></body></html>')).toBe('red &lt;b&gt;c');
    expect(sanitizeHtml('<!-- secret --><p>x</p><![CDATA[y]]>')).toBe('<p>x</p>');
  });

  it('closes what it opens, whatever the markup left open', () => {
    expect(sanitizeHtml('<div><p>one<p>two<b>bold')).toBe('<div><p>one</p><p>two<b>bold</b></p></div>');
  });
});
