import { type MarkdownBlock, type MarkdownInline, parseMarkdown } from './parse';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** rel and target of every link in a reply: a reader's click never hands the desk's window or referrer to the other site. */
export const LINK_REL = 'noopener noreferrer nofollow';

function inlineHtml(nodes: MarkdownInline[]): string {
  return nodes.map(inlineNodeHtml).join('');
}

function inlineNodeHtml(node: MarkdownInline): string {
  switch (node.type) {
    case 'text':
      return escapeHtml(node.text);
    case 'code':
      return `<code>${escapeHtml(node.text)}</code>`;
    case 'strong':
      return `<strong>${inlineHtml(node.children)}</strong>`;
    case 'em':
      return `<em>${inlineHtml(node.children)}</em>`;
    case 'link':
      return `<a href="${escapeHtml(node.href)}" rel="${LINK_REL}" target="_blank">${inlineHtml(node.children)}</a>`;
    case 'break':
      return '<br>';
  }
}

function blockHtml(block: MarkdownBlock): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${inlineHtml(block.children)}</p>`;
    case 'codeBlock':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
    case 'quote':
      return `<blockquote>${block.children.map(blockHtml).join('')}</blockquote>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${tag}>`;
    }
  }
}

/** A reply's Markdown as HTML built only from the renderer's own tags; every character the agent typed is escaped text. */
export function markdownToHtml(source: string): string {
  return parseMarkdown(source).map(blockHtml).join('\n');
}
