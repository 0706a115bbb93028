import { DateFilter } from '@/components/ui/date-filter';

/** The report period as two dates in the URL (`?start_date=…&end_date=…`); a plain GET form, so it works before scripts load. */
export function PeriodForm({ start, end }: { start: string; end: string }) {
  return (
    <form className="flex flex-wrap items-end gap-2 text-sm" method="get">
      <DateFilter
        stacked
        from={{ id: 'start_date', name: 'start_date', defaultValue: start.slice(0, 10) }}
        to={{ id: 'end_date', name: 'end_date', defaultValue: end.slice(0, 10) }}
      />
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Show
      </button>
    </form>
  );
}
