import type { ReactNode } from 'react';

export type Column = { label: ReactNode; className?: string };

/** The desk's list table: a bordered card, a header row of `columns`, then the body rows given as children. */
export function Table({
  labelledBy,
  columns,
  className = 'mt-4',
  children,
}: {
  labelledBy: string;
  columns: Column[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`${className} overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900`}>
      <table className="w-full text-left text-sm" aria-labelledby={labelledBy}>
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
