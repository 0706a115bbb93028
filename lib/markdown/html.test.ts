import { describe, expect, it } from 'vitest';
import { markdownToHtml } from './html';

const link = (href: string, text: string) => `<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">${text}</a>`;

describe('markdownToHtml', () => {
  it('renders bold, italic, inline code and paragraphs with line breaks', () => {
    expect(markdownToHtml('**Bold** and *italic* and _also_ and `code`\nnext line\n\nSecond')).toBe(
      '<p><strong>Bold</strong> and <em>italic</em> and <em>also</em> and <code>code</code><br>next line</p>\n<p>Second</p>',
    );
  });

  it('renders bulleted and numbered lists', () => {
    expect(markdownToHtml('Steps:\n- one\n- **two**\n\n1. first\n2. second')).toBe(
      '<p>Steps:</p>\n<ul><li>one</li><li><strong>two</strong></li></ul>\n<ol><li>first</li><li>second</li></ol>',
    );
  });

  it('renders quotes and fenced code blocks, keeping the code as written', () => {
    expect(markdownToHtml('> quoted **text**\n> more\n\n```\nconst a = 1 < 2;\n**not bold**\n```')).toBe(
      '<blockquote><p>quoted <strong>text</strong><br>more</p></blockquote>\n<pre><code>const a = 1 &lt; 2;\n**not bold**</code></pre>',
    );
  });

  it('renders http(s) and mailto links with rel and target', () => {
    expect(markdownToHtml('[Docs](https://example.com/a?b=1&c=2) or [mail](mailto:help@example.com)')).toBe(
      `<p>${link('https://example.com/a?b=1&amp;c=2', 'Docs')} or ${link('mailto:help@example.com', 'mail')}</p>`,
    );
  });

  it('links a bare web address, leaving the sentence punctuation out', () => {
    expect(markdownToHtml('Reset it at https://acme.test/reset?a=1&b=2. Or (https://acme.test/help).')).toBe(
      `<p>Reset it at ${link('https://acme.test/reset?a=1&amp;b=2', 'https://acme.test/reset?a=1&amp;b=2')}. Or (${link('https://acme.test/help', 'https://acme.test/help')}).</p>`,
    );
    expect(markdownToHtml('[https://a.example](https://b.example)')).toBe(`<p>${link('https://b.example/', 'https://a.example')}</p>`);
    expect(markdownToHtml('not a link: xhttps://a.example or `https://a.example`')).toBe(
      '<p>not a link: xhttps://a.example or <code>https://a.example</code></p>',
    );
  });

  it('renders nested emphasis', () => {
    expect(markdownToHtml('***both*** and **bold *italic* bold** and *italic **bold** italic*')).toBe(
      '<p><strong><em>both</em></strong> and <strong>bold <em>italic</em> bold</strong> and <em>italic <strong>bold</strong> italic</em></p>',
    );
  });

  it('leaves unmatched markers and arithmetic as text', () => {
    expect(markdownToHtml('2 * 3 * 4 and snake_case_name and **open')).toBe('<p>2 * 3 * 4 and snake_case_name and **open</p>');
  });

  describe('never lets markup through', () => {
    it.each([
      ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
      ['<img src=x onerror=alert(1)>', '<p>&lt;img src=x onerror=alert(1)&gt;</p>'],
      ['**<b onmouseover="x">hi</b>**', '<p><strong>&lt;b onmouseover=&quot;x&quot;&gt;hi&lt;/b&gt;</strong></p>'],
      ['&lt;script&gt; &amp; &#60;', '<p>&amp;lt;script&amp;gt; &amp;amp; &amp;#60;</p>'],
      ['`<script>alert(1)</script>`', '<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>'],
      ['```\n</code></pre><script>x</script>\n```', '<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;</code></pre>'],
      ['- <iframe src="https://evil.example">', '<ul><li>&lt;iframe src=&quot;https://evil.example&quot;&gt;</li></ul>'],
    ])('escapes %s', (source, html) => {
      expect(markdownToHtml(source)).toBe(html);
    });

    it.each(['[x](javascript:alert(1))', '[x](JavaScript:alert(1))', '[x](data:text/html;base64,PHNjcmlwdD4=)', '[x](vbscript:msgbox)', '[x](/relative/path)'])(
      'drops the target of %s, keeping its text',
      (source) => {
        const html = markdownToHtml(source);
        expect(html).not.toContain('<a');
        expect(html).not.toMatch(/javascript:|data:|vbscript:/i);
      },
    );

    it('keeps a quote inside a link target from breaking out of the attribute', () => {
      expect(markdownToHtml('[x](https://a.example/"onmouseover="alert(1))')).toBe(`<p>${link('https://a.example/%22onmouseover=%22alert(1)', 'x')}</p>`);
    });
  });
});
