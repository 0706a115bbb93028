import fc from 'fast-check';
import { z } from 'zod';
import { hostileValue, pollutingKeys } from './hostile';

/** The part of JSON Schema the OpenAPI document uses (z.toJSONSchema's output for our zod schemas). */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
};

export const jsonSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.object({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    properties: z.record(z.string(), jsonSchema).optional(),
    required: z.array(z.string()).optional(),
    enum: z.array(z.unknown()).optional(),
    const: z.unknown().optional(),
    items: jsonSchema.optional(),
    anyOf: z.array(jsonSchema).optional(),
    oneOf: z.array(jsonSchema).optional(),
    nullable: z.boolean().optional(),
    additionalProperties: z.union([z.boolean(), jsonSchema]).optional(),
    propertyNames: jsonSchema.optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    exclusiveMaximum: z.number().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    minItems: z.number().optional(),
    maxItems: z.number().optional(),
    pattern: z.string().optional(),
    format: z.string().optional(),
  }),
);

/**
 * `valid`: values that follow the schema (as far as it says: dates and emails are plain strings
 * there, so a field's name picks a likelier generator); `fuzz`: at every level, now and then a
 * value that breaks one of its rules, or a hostile one, in place of a valid one.
 */
type Mode = 'valid' | 'fuzz';

/** Values known to be good for a property name, such as the ids of rows that exist: valid values use them often. */
export type Hints = Record<string, readonly unknown[]>;

export type SchemaArbitraries = {
  validValue: (schema: JsonSchema, name?: string) => fc.Arbitrary<unknown>;
  fuzzValue: (schema: JsonSchema, name?: string) => fc.Arbitrary<unknown>;
};

export function schemaArbitraries(hints: Hints = {}): SchemaArbitraries {
  function build(schema: JsonSchema, name: string, mode: Mode): fc.Arbitrary<unknown> {
    const known = hints[name];
    const followed = followSchema(schema, name, mode);
    if (known && known.length > 0 && mode === 'valid') return fc.constantFrom(...known);
    const valid = known && known.length > 0 ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: followed }) : followed;
    if (mode === 'valid') return valid;
    return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: breakSchema(schema, name) }, { weight: 1, arbitrary: hostileValue });
  }

  function followSchema(schema: JsonSchema, name: string, mode: Mode): fc.Arbitrary<unknown> {
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches) return fc.oneof(...branches.map((b) => build(b, name, mode)));
    const list = types(schema);
    if (list.length === 0) return fc.oneof(fc.jsonValue(), hostileValue);
    return fc.oneof(...list.map((type) => ofType(type, schema, name, mode)));
  }

  function ofType(type: string, schema: JsonSchema, name: string, mode: Mode): fc.Arbitrary<unknown> {
    switch (type) {
      case 'string':
        return stringFor(schema, name);
      case 'integer': {
        const [lo, hi] = bounds(schema, true);
        // Mostly small: ids of rows that exist, first pages.
        return fc.oneof(fc.integer({ min: lo, max: Math.min(hi, lo + 50) }), fc.integer({ min: lo, max: hi }));
      }
      case 'number': {
        const [lo, hi] = bounds(schema, false);
        return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const min = schema.minItems ?? 0;
        const item = schema.items ? build(schema.items, name, mode) : fc.jsonValue();
        return fc.array(item, { minLength: min, maxLength: Math.max(min, Math.min(schema.maxItems ?? 5, 5)) });
      }
      case 'object':
        return objectFor(schema, mode);
      default:
        return fc.jsonValue();
    }
  }

  /** An object's entries: every required property, each optional one half the time, and open-ended keys where allowed. */
  function objectFor(schema: JsonSchema, mode: Mode): fc.Arbitrary<Record<string, unknown>> {
    const required = new Set(schema.required ?? []);
    const properties = Object.entries(schema.properties ?? {}).map(([key, property]) => {
      const entry = build(property, key, mode).map((value): [string, unknown] => [key, value]);
      return required.has(key) ? entry : fc.option(entry, { nil: undefined, freq: 2 });
    });
    const open = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    const keys =
      mode === 'fuzz'
        ? fc.oneof({ weight: 6, arbitrary: keyFor(schema, mode) }, { weight: 1, arbitrary: fc.constantFrom(...pollutingKeys) })
        : keyFor(schema, mode);
    const extra = open ? fc.array(fc.tuple(keys, build(open, '', mode)), { maxLength: 4 }) : fc.constant([]);
    // Object.fromEntries makes own properties, so a `__proto__` key is sent as a key.
    return fc.tuple(fc.tuple(...properties), extra).map(([entries, more]) => Object.fromEntries([...entries.filter((e) => e !== undefined), ...more]));
  }

  function stringFor(schema: JsonSchema, name: string): fc.Arbitrary<string> {
    // Query integers are digit strings; keep most of them small, like real pages and ids.
    if (schema.pattern === '^\\d+$') return fc.oneof(fc.integer({ min: 0, max: 120 }).map(String), fc.nat().map(String));
    const byName = stringByName(name);
    if (byName) return byName;
    if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
    const min = schema.minLength ?? 0;
    const max = Math.max(min, Math.min(schema.maxLength ?? 40, min + 40));
    const strings = [fc.string({ minLength: min, maxLength: max }), fc.string({ minLength: min, maxLength: max, unit: 'grapheme' })];
    // Words too: random strings are often blank once trimmed, which names and subjects refuse.
    return min <= 1
      ? fc.oneof(
          fc.lorem({ maxCount: 3 }).map((w) => w.slice(0, max)),
          ...strings,
        )
      : fc.oneof(...strings);
  }

  /** A value that breaks one rule of the schema: its type, a bound, its enum, a required property. */
  function breakSchema(schema: JsonSchema, name: string): fc.Arbitrary<unknown> {
    const broken: fc.Arbitrary<unknown>[] = [wrongTypes];
    if (schema.enum) broken.push(fc.constantFrom(`not-${String(schema.enum[0])}`, String(schema.enum[0]).toUpperCase(), ''));
    if (schema.maxLength !== undefined && schema.maxLength < 2_000_000) broken.push(fc.constant('x'.repeat(schema.maxLength + 1)));
    if (schema.minLength) broken.push(fc.constant('x'.repeat(schema.minLength - 1)));
    if (types(schema).some((t) => t === 'integer' || t === 'number')) {
      const [lo, hi] = bounds(schema, true);
      broken.push(fc.constantFrom(lo - 1, hi + 1, lo + 0.5, String(lo)));
    }
    if (schema.maxItems !== undefined && schema.maxItems <= 1_000 && schema.items) {
      broken.push(fc.array(build(schema.items, name, 'valid'), { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 1 }));
    }
    if (schema.properties) {
      const whole = objectFor(schema, 'valid');
      broken.push(whole.map((o) => ({ ...o, unknown_field: 'not in the schema' })));
      for (const key of schema.required ?? []) broken.push(whole.map(({ [key]: _dropped, ...rest }) => rest));
    }
    return fc.oneof(...broken);
  }

  return { validValue: (schema, name = '') => build(schema, name, 'valid'), fuzzValue: (schema, name = '') => build(schema, name, 'fuzz') };
}

const SAFE = Number.MAX_SAFE_INTEGER;
const clamp = (n: number) => Math.max(-SAFE, Math.min(SAFE, n));

function bounds(schema: JsonSchema, integer: boolean): [number, number] {
  const step = integer ? 1 : Number.EPSILON;
  const lo = schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1_000 : schema.exclusiveMinimum + step);
  const hi = schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1_000_000 : schema.exclusiveMaximum - step);
  return [clamp(integer ? Math.ceil(lo) : lo), clamp(integer ? Math.floor(hi) : hi)];
}

function types(schema: JsonSchema): string[] {
  const list = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  return schema.nullable ? [...list, 'null'] : list;
}

/** Keys of an open-ended object (custom fields): the reference's key form, and when fuzzing now and then any string. */
function keyFor(schema: JsonSchema, mode: Mode): fc.Arbitrary<string> {
  const pattern = schema.propertyNames?.pattern;
  const keyForm = fc.stringMatching(pattern ? new RegExp(pattern) : /^[A-Za-z0-9_.-]{1,64}$/);
  return mode === 'valid' ? keyForm : fc.oneof({ weight: 4, arbitrary: keyForm }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
}

const isoSeconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const dates = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map(isoSeconds),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => isoSeconds(d).slice(0, 10)),
  fc.constantFrom('0001-01-01', '9999-12-31', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00+14:00'),
);

/** A likelier generator for a string field, by what its name says it holds. */
function stringByName(name: string): fc.Arbitrary<string> | undefined {
  if (/(^|_)(date|start|end)$|_(at|after|before)$/.test(name)) return dates;
  if (/email/.test(name)) return fc.oneof({ weight: 4, arbitrary: fc.nat().map((n) => `fuzz.${n}@example.com`) }, { weight: 1, arbitrary: fc.emailAddress() });
  if (name === 'url') return fc.oneof(fc.webUrl(), fc.constantFrom('https://hooks.example.com/loopdesk', 'http://127.0.0.1/hook', 'http://[::1]/'));
  if (/password/.test(name)) return fc.string({ minLength: 12, maxLength: 40 });
  if (name === 'q') return fc.oneof(fc.lorem({ maxCount: 3 }), fc.constantFrom('!:*&|()<->', "' OR 1=1 --", 'login & (password | reset)'));
  if (name === 'query') return fc.constantFrom('', '?status=open', '?priority=urgent&sort=updated_at');
  if (/(^|_)ip(_|$)/.test(name))
    return fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4().map((ip) => `${ip}/24`),
    );
  return undefined;
}

const wrongTypes = fc.constantFrom<unknown>('text', 0, -1, 1.5, true, null, [], {}, ['a']);
