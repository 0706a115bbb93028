type JsonSchema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/**
 * A whole example of a schema, built around a partial one: the reference's response examples show
 * a few fields of each resource, so every value they give is kept where the schema takes its kind,
 * and each field they leave out is filled with a plain value of its type (null where it may be null).
 * Fields the schema does not have are dropped. A test validates the result against the schema.
 */
export function exampleOf(schema: JsonSchema, given?: unknown): unknown {
  if ('const' in schema) return schema.const;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const fitting = given === undefined ? undefined : branches.find((b) => fits(b, given));
    if (fitting) return exampleOf(fitting, given);
    return branches.some((b) => typesOf(b).includes('null')) ? null : exampleOf(branches[0]!, undefined);
  }
  if (given !== undefined && !fits(schema, given)) given = undefined;
  const types = typesOf(schema);
  if (given === undefined && types.includes('null')) return null;
  if (schema.enum) return given ?? schema.enum[0];
  switch (types.find((t) => t !== 'null')) {
    case 'object':
      return objectExample(schema, isRecord(given) ? given : {});
    case 'array':
      return Array.isArray(given) && schema.items ? given.map((item) => exampleOf(schema.items!, item)) : [];
    case 'string':
      return given ?? stringExample(schema.format);
    case 'integer':
    case 'number':
      return given ?? Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return given ?? false;
    default:
      return given ?? null;
  }
}

function objectExample(schema: JsonSchema, given: Record<string, unknown>): Record<string, unknown> {
  const example: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (key in given || schema.required?.includes(key)) example[key] = exampleOf(property, given[key]);
  }
  return example;
}

function stringExample(format: string | undefined): string {
  if (format === 'date-time') return '2025-08-23T10:30:00Z';
  if (format === 'email') return 'sarah.johnson@acme.example';
  if (format === 'uri' || format === 'url') return 'https://acme.example/';
  return 'example';
}

const typesOf = (schema: JsonSchema): string[] => (schema.type === undefined ? [] : [schema.type].flat());
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether a given value is of a kind the schema takes (its shape inside is checked field by field). */
function fits(schema: JsonSchema, value: unknown): boolean {
  if ('const' in schema) return schema.const === value;
  if (schema.enum) return schema.enum.includes(value);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.some((b) => fits(b, value));
  const types = typesOf(schema);
  if (types.length === 0) return true;
  return types.some((type) => {
    if (type === 'null') return value === null;
    if (type === 'object') return isRecord(value);
    if (type === 'array') return Array.isArray(value);
    if (type === 'integer') return Number.isInteger(value);
    return typeof value === type;
  });
}
