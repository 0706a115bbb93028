import { Button } from '@/components/ui/button';
import type { Pagination } from '@/components/data/api';

/** "12 customers · page 1 of 3", with Previous and Next. */
export function Pager(props: { pagination: Pagination; noun: [one: string, many: string]; label: string; onPage: (page: number) => void }) {
  const { pagination: p, noun } = props;
  return (
    <nav aria-label={props.label} className="mt-3 flex items-center justify-between text-sm text-slate-700 dark:text-slate-300">
      <span>
        {p.total} {p.total === 1 ? noun[0] : noun[1]} · page {p.current_page} of {Math.max(p.total_pages, 1)}
      </span>
      <div className="flex gap-2">
        <Button variant="secondary" disabled={!p.has_prev} onClick={() => props.onPage(p.current_page - 1)}>
          Previous
        </Button>
        <Button variant="secondary" disabled={!p.has_next} onClick={() => props.onPage(p.current_page + 1)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
