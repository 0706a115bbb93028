import fc from 'fast-check';
import { hostileBodyTexts, hostileStrings, toJsonText } from './hostile';
import { jsonSchema, type JsonSchema, type SchemaArbitraries } from './json-schema-arbitrary';
import type { Operation } from './operations';

/** One fuzzed request part, with a short account of itself for failure messages (never the 1 MB string whole). */
export type FuzzCase = { text: string; label: string };

export function summarize({ text, label }: FuzzCase): string {
  const shown = text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
  return `${label}: ${JSON.stringify(shown)}`;
}

/** JSON bodies for an operation: valid ones (to reach the service), fuzzed ones, and hostile texts. */
export function bodyCases(op: Operation, { validValue, fuzzValue }: SchemaArbitraries): fc.Arbitrary<FuzzCase> {
  const schema = jsonSchema.parse(op.bodySchema);
  return fc.oneof(
    { weight: 3, arbitrary: validValue(schema).map((v) => ({ text: toJsonText(v), label: 'valid body' })) },
    { weight: 6, arbitrary: fuzzValue(schema).map((v) => ({ text: toJsonText(v), label: 'fuzzed body' })) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileBodyTexts).map((text) => ({ text, label: 'hostile body' })) },
  );
}

type Pair = [key: string, value: string];

/** A parameter's value as a query string carries it: schema-valid text now and then hostile text. */
function queryText(schema: JsonSchema, name: string, { validValue }: SchemaArbitraries): fc.Arbitrary<string> {
  const valid = validValue(schema, name).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...hostileStrings) });
}

/** One parameter's pairs: lists as `a,b` or as the key repeated, objects as `name[key]=v`, and the wrong forms of each. */
function parameterPairs(name: string, raw: Record<string, unknown>, arbitraries: SchemaArbitraries): fc.Arbitrary<Pair[]> {
  const schema = jsonSchema.parse(raw);
  if (schema.type === 'array' && schema.items) {
    const items = fc.array(queryText(schema.items, name, arbitraries), { minLength: 1, maxLength: 4 });
    return fc.oneof(
      items.map((list): Pair[] => [[name, list.join(',')]]),
      items.map((list) => list.map((v): Pair => [name, v])),
      items.map((list) => list.map((v): Pair => [`${name}[]`, v])),
    );
  }
  if (schema.type === 'object') {
    const value = schema.additionalProperties && typeof schema.additionalProperties === 'object' ? schema.additionalProperties : {};
    const key = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/), fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'a]b', 'x'.repeat(65)));
    return fc.oneof(
      fc.array(fc.tuple(key, queryText(value, name, arbitraries)), { maxLength: 4 }).map((entries) => entries.map(([k, v]): Pair => [`${name}[${k}]`, v])),
      queryText(value, name, arbitraries).map((v): Pair[] => [
        [name, v],
        [`${name}[a]`, v],
      ]),
    );
  }
  const value = queryText(schema, name, arbitraries);
  return fc.oneof(
    { weight: 6, arbitrary: value.map((v): Pair[] => [[name, v]]) },
    {
      weight: 1,
      arbitrary: fc.tuple(value, value).map(([a, b]): Pair[] => [
        [name, a],
        [name, b],
      ]),
    },
    { weight: 1, arbitrary: value.map((v): Pair[] => [[`${name}[sub]`, v]]) },
  );
}

const strangeKeys = ['unknown', '__proto__[polluted]', 'constructor[prototype][polluted]', 'a[b][c]', '[]', 'x[', ']', '', 'page[]'];

/** Percent-encodes text, writing a lone surrogate as the invalid UTF-8 bytes a hostile client would send. */
function encode(text: string): string {
  return text
    .split(/(\p{Cs})/u)
    .map((part) => (/^\p{Cs}$/u.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');
}

/** A valid query string: each parameter in its documented form, or left out. */
function validQuery(op: Operation, { validValue }: SchemaArbitraries): fc.Arbitrary<Pair[]> {
  const parameters = op.queryParameters.map((p) => {
    const schema = jsonSchema.parse(p.schema);
    const item = schema.type === 'array' && schema.items ? schema.items : schema;
    const value = fc.array(validValue(item, p.name).map(String), { minLength: 1, maxLength: item === schema ? 1 : 3 });
    const pair = value.map((list): Pair[] => [[p.name, list.join(',')]]);
    return schema.type === 'object' ? fc.constant([]) : fc.option(pair, { nil: undefined, freq: p.required ? 1_000 : 2 });
  });
  return fc.tuple(...parameters).map((chosen) => chosen.flatMap((p) => p ?? []));
}

/** Query strings for an operation: valid ones, and its parameters in their right and wrong forms with unknown keys and broken escapes. */
export function queryCases(op: Operation, arbitraries: SchemaArbitraries): fc.Arbitrary<FuzzCase> {
  const parameters = op.queryParameters.map((p) => fc.option(parameterPairs(p.name, p.schema, arbitraries), { nil: undefined, freq: p.required ? 10 : 2 }));
  const strange = fc.array(fc.tuple(fc.constantFrom(...strangeKeys), fc.constantFrom(...hostileStrings, '1')), { maxLength: 2 });
  const broken = fc.constantFrom('', '', '', '&%', '&a=%zz', '&=&&=', '&q=%00', '&page=%C0%AE');
  const toText = (pairs: Pair[]) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  return fc.oneof(
    { weight: 1, arbitrary: validQuery(op, arbitraries).map((pairs) => ({ text: toText(pairs), label: 'valid query' })) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.tuple(...parameters), strange, broken).map(([chosen, extra, tail]) => ({
        text: toText([...chosen.flatMap((p) => p ?? []), ...extra]) + tail,
        label: 'fuzzed query',
      })),
    },
  );
}
