/** An API value in the desk's words: `on_hold` → `On hold`. */
export const label = (value: string) => (value.charAt(0).toUpperCase() + value.slice(1)).replace(/_/g, ' ');

/** The options of a select over API values, each shown in the desk's words. */
export const choicesOf = (values: readonly string[]) => values.map((value) => ({ value, label: label(value) }));
