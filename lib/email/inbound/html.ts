import { Parser } from 'htmlparser2';

/**
 * An allowlist sanitizer for the HTML of received email, shown in the ticket view beside its text.
 * Whatever is not listed goes: unknown elements are unwrapped (their text kept), and elements
 * that only run, style, embed or ask for input are dropped with all they contain. The only
 * attribute kept is a link's href, and only for http, https and mailto.
 *
 * Images are dropped too: inline (cid:) and data: images are stored as the message's attachments,
 * and a remote image would tell the sender when and where an agent read the message (a tracking pixel).
 */
const KEPT = new Set([
  'p',
  'br',
  'div',
  'span',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

// Dropped with their content: code, styles, embedded documents and form controls.
const DROPPED_WITH_CONTENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'option',
  'audio',
  'video',
  'canvas',
  'link',
  'meta',
  'base',
]);

const VOID = new Set(['br', 'img', 'hr', 'wbr', 'input', 'meta', 'link', 'base', 'col', 'area', 'source', 'track', 'embed', 'param']);

const SAFE_URL = /^(https?:|mailto:)/i;

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** A link target we let an agent click: its scheme read as a browser would, ignoring spaces and control characters. */
export function safeHref(href: string): string | null {
  const compact = href.replace(/[\p{Cc} ]/gu, '');
  return SAFE_URL.test(compact) ? href.trim() : null;
}

export function sanitizeHtml(html: string): string {
  const out: string[] = [];
  // For each open element: whether its tag was written (kept) or not (unwrapped or dropped).
  const open: boolean[] = [];
  let droppedDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (droppedDepth > 0 || DROPPED_WITH_CONTENT.has(name)) {
          if (!VOID.has(name)) droppedDepth++;
          return;
        }
        // A link without a safe target is only its text.
        const href = name === 'a' && attributes.href !== undefined ? safeHref(attributes.href) : null;
        const kept = KEPT.has(name) && (name !== 'a' || href !== null);
        if (kept) out.push(href ? `<a href="${escapeAttribute(href)}" rel="noopener noreferrer">` : `<${name}>`);
        if (!VOID.has(name)) open.push(kept);
      },
      ontext(text) {
        if (droppedDepth === 0) out.push(escapeText(text));
      },
      onclosetag(name) {
        if (VOID.has(name)) return;
        if (droppedDepth > 0) {
          droppedDepth--;
          return;
        }
        const kept = open.pop();
        if (kept) out.push(`</${name}>`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return out.join('').trim();
}
