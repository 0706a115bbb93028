import type { ReactNode } from 'react';

export type Column = { label: ReactNode; className?: string };

/**
 * Below `sm` a table is too narrow for columns: each row becomes a card whose cells flow and wrap,
 * and the header is left to screen readers. A row or cell may add its own `max-sm:` classes
 * (cells are flex items, so `max-sm:hidden` and `max-sm:basis-full` work on them).
 */
const cardsOnPhone =
  'max-sm:block max-sm:[&_tbody]:block max-sm:[&_thead]:sr-only max-sm:[&_tr]:flex max-sm:[&_tr]:flex-wrap max-sm:[&_tr]:items-center max-sm:[&_tr]:gap-x-3 max-sm:[&_tr]:gap-y-1 max-sm:[&_tr]:px-3 max-sm:[&_tr]:py-2 max-sm:[&_td]:max-w-full max-sm:[&_td]:p-0 max-sm:[&_td]:whitespace-normal max-sm:[&_td]:[overflow-wrap:anywhere]';

/** The desk's list table: a bordered card, a header row of `columns`, then the body rows given as children. */
export function Table({
  labelledBy,
  columns,
  className = 'mt-4',
  tableClassName = '',
  children,
}: {
  labelledBy: string;
  columns: Column[];
  className?: string;
  /** For the table itself, such as `sm:table-fixed` with column widths, so that the columns share the width there is. */
  tableClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={`${className} overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900`}>
      <table className={`w-full text-left text-sm ${cardsOnPhone} ${tableClassName}`} aria-labelledby={labelledBy}>
        <thead className="border-b border-slate-200 text-xs text-slate-600 uppercase dark:border-slate-800 dark:text-slate-400">
          <tr>
            {columns.map((column, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a screen's columns are a fixed list that never reorders
              <th key={i} scope="col" className={`px-3 py-2 ${column.className ?? ''}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** Labels for columns that need no other setting. */
export const columns = (...labels: string[]): Column[] => labels.map((label) => ({ label }));
