import type { paths } from './schema.js';

/**
 * The document's paths as the client takes them: a list parameter (`status`, `priority`, the id
 * filters) also takes a single value (`status: 'open'`), which is written as the same query text;
 * everything else is the document's, unchanged.
 */
export type LoopdeskPaths = {
  [Path in keyof paths]: { [Key in keyof paths[Path]]: Key extends 'parameters' ? paths[Path][Key] : LenientOperation<paths[Path][Key]> };
};

type LenientOperation<Operation> = { [Key in keyof Operation]: Key extends 'parameters' ? LenientParameters<Operation[Key]> : Operation[Key] };

type LenientParameters<Parameters> = { [Key in keyof Parameters]: Key extends 'query' ? LenientQuery<Parameters[Key]> : Parameters[Key] };

type LenientQuery<Query> = Query extends object ? { [Key in keyof Query]: LenientValue<Query[Key]> } : Query;

type LenientValue<Value> = Value extends readonly (infer Item)[] ? Item | Item[] : Value;
