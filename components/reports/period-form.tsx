/** The report period as two dates in the URL (`?start_date=…&end_date=…`); a plain GET form, so it works before scripts load. */
export function PeriodForm({ start, end }: { start: string; end: string }) {
  const input = 'rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900';
  return (
    <form className="flex flex-wrap items-end gap-2 text-sm" method="get">
      <div>
        <label htmlFor="start_date" className="block text-slate-700 dark:text-slate-300">
          From
        </label>
        <input id="start_date" name="start_date" type="date" defaultValue={start.slice(0, 10)} className={input} />
      </div>
      <div>
        <label htmlFor="end_date" className="block text-slate-700 dark:text-slate-300">
          To
        </label>
        <input id="end_date" name="end_date" type="date" defaultValue={end.slice(0, 10)} className={input} />
      </div>
      <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
        Show
      </button>
    </form>
  );
}
