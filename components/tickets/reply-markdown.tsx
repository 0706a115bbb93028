import { Fragment, type ReactNode } from 'react';
import { MentionText } from '@/components/notifications/mention-text';
import { LINK_REL } from '@/lib/markdown/html';
import { type MarkdownBlock, type MarkdownInline, parseMarkdown } from '@/lib/markdown/parse';

const codeStyle = 'rounded bg-slate-100 px-1 font-mono text-[0.85em] dark:bg-slate-800';

/** Renders each node of a list in order. */
function each<T>(nodes: T[], render: (node: T) => ReactNode): ReactNode {
  return nodes.map((node, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: the tree is parsed afresh from the text; its nodes never move
    <Fragment key={i}>{render(node)}</Fragment>
  ));
}

function inlineNode(node: MarkdownInline): ReactNode {
  switch (node.type) {
    case 'text':
      return <MentionText text={node.text} />;
    case 'code':
      return <code className={codeStyle}>{node.text}</code>;
    case 'strong':
      return <strong>{each(node.children, inlineNode)}</strong>;
    case 'em':
      return <em>{each(node.children, inlineNode)}</em>;
    case 'link':
      return (
        <a href={node.href} rel={LINK_REL} target="_blank" className="text-indigo-700 underline dark:text-indigo-300">
          {each(node.children, inlineNode)}
        </a>
      );
    case 'break':
      return <br />;
  }
}

function blockNode(node: MarkdownBlock): ReactNode {
  switch (node.type) {
    case 'paragraph':
      return <p>{each(node.children, inlineNode)}</p>;
    case 'codeBlock':
      return (
        <pre className="overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800">
          <code>{node.text}</code>
        </pre>
      );
    case 'quote':
      return (
        <blockquote className="space-y-2 border-l-2 border-slate-300 pl-3 text-slate-700 dark:border-slate-600 dark:text-slate-300">
          {each(node.children, blockNode)}
        </blockquote>
      );
    case 'list': {
      const items = each(node.items, (item) => <li>{each(item, inlineNode)}</li>);
      return node.ordered ? <ol className="list-decimal pl-6">{items}</ol> : <ul className="list-disc pl-6">{items}</ul>;
    }
  }
}

/** A reply written in the desk, from its Markdown: React elements built from the parsed tree, so no HTML the agent typed is ever markup. */
export function ReplyMarkdown({ text }: { text: string }) {
  return <div className="space-y-2 text-sm break-words">{each(parseMarkdown(text), blockNode)}</div>;
}
