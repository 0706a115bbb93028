type DateInputProps = {
  id: string;
  label: string;
  /** The label above the input (a form of its own) rather than beside it (a filter bar, like InlineSelect). */
  stacked?: boolean;
  /** Set for a plain GET form, which sends the input under this name. */
  name?: string;
  value?: string;
  defaultValue?: string;
  onChange?: (value: string) => void;
};

/** One date (yyyy-mm-dd, '' when unset) with its label. */
export function DateInput({ id, label, stacked = false, name, value, defaultValue, onChange }: DateInputProps) {
  return (
    <div className={stacked ? 'text-sm' : 'flex items-center gap-1 text-sm'}>
      <label htmlFor={id} className={`${stacked ? 'block ' : ''}text-slate-700 dark:text-slate-300`}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="date"
        value={value}
        defaultValue={defaultValue}
        onChange={onChange && ((e) => onChange(e.target.value))}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      />
    </div>
  );
}

type End = Omit<DateInputProps, 'label' | 'stacked'>;

/** A period as its first and last day, From and To; either may be left empty. */
export function DateFilter({ from, to, stacked }: { from: End; to: End; stacked?: boolean }) {
  return (
    <>
      <DateInput label="From" stacked={stacked} {...from} />
      <DateInput label="To" stacked={stacked} {...to} />
    </>
  );
}
