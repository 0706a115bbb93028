import { type MacroVariable, variablePattern } from './schema';

export type MacroValues = Record<MacroVariable, string>;

/**
 * Plain text substitution: values are inserted as they are (never HTML); an unknown name stays as
 * written. Not escaped for Markdown: the text lands in the composer, where the agent sees any
 * `[link](…)` a value carries before sending, and the customer's email is the text as written.
 */
export function renderMacro(body: string, values: MacroValues): string {
  return body.replace(variablePattern, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as MacroVariable] : whole));
}
