import { z } from 'zod';
import { customFieldEntity, customFieldType } from '@/db/schema/custom-fields';
import { commaList, plainText, queryInt, timestamp, atLeastOneField, nothingToUpdate } from '@/lib/schema-helpers';

export const customFieldEntities = customFieldEntity.enumValues;
export const customFieldTypes = customFieldType.enumValues;
export type CustomFieldEntity = (typeof customFieldEntities)[number];
export type CustomFieldType = (typeof customFieldTypes)[number];

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const keyMessage = 'Custom field keys are 1–64 letters, digits, _ . or -';

/**
 * Keys that are not data in a JavaScript object: zod's records drop `__proto__` without a word, and
 * a plain object would take it as its prototype; `constructor` and `prototype` shadow what code
 * expects of an object. They match KEY, so they are refused by name.
 */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
const reservedMessage = 'Custom field keys must not be __proto__, constructor or prototype';

export const customFieldKey = z
  .string()
  .regex(KEY, { message: keyMessage })
  .refine((key) => !RESERVED_KEYS.has(key), { message: reservedMessage });

/** Keys a ticket's or a customer's custom_fields may hold, and fields an entity may define. */
export const MAX_CUSTOM_FIELDS = 100;
export const tooManyCustomFields = `Custom fields may have at most ${MAX_CUSTOM_FIELDS} keys`;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An object keyed by custom field key. Keys are checked here rather than by z.record's key schema,
 * whose failure zod reports as a bare "Invalid key in record". Their number and the reserved keys
 * are checked on the object as sent, before z.record reads it: it would check every one of
 * 100,000 keys first, and drop a `__proto__` key unseen. `notAnObject` is the message for
 * anything else in its place.
 */
export const customFieldRecord = <T extends z.ZodType>(value: T, notAnObject: string) =>
  z.preprocess(
    (input, ctx) => {
      if (!isPlainObject(input)) return input;
      const keys = Object.keys(input);
      if (keys.length > MAX_CUSTOM_FIELDS) {
        ctx.addIssue({ code: 'custom', message: tooManyCustomFields, input });
        return z.NEVER;
      }
      for (const key of keys.filter((k) => RESERVED_KEYS.has(k))) ctx.addIssue({ code: 'custom', path: [key], message: reservedMessage, input });
      return input;
    },
    z
      .record(z.string(), value, {
        error: (issue) => (issue.code === 'invalid_type' && issue.input !== undefined ? notAnObject : undefined),
      })
      .superRefine((record, ctx) => {
        for (const key of Object.keys(record)) {
          if (!KEY.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: keyMessage });
        }
      }),
  );

const trimmedText = (max: number) => z.string().trim().pipe(plainText(1, max));

// At least one for select fields: optionsProblem() says so, as no other type takes any.
const options = z
  .array(trimmedText(100))
  .max(100)
  .superRefine((list, ctx) => {
    list.forEach((option, i) => {
      if (list.indexOf(option) === i) return;
      ctx.addIssue({ code: 'custom', path: [i], message: `Option "${option}" appears more than once` });
    });
  });

/** Select fields need their list of options; no other type takes one. */
export function optionsProblem(type: CustomFieldType, list: string[] | null | undefined): string | undefined {
  if (type !== 'select') return list == null ? undefined : 'Options are only allowed for select fields';
  if (list == null) return 'Options are required for select fields';
  return list.length === 0 ? 'Options must have at least 1 item' : undefined;
}

const definitionFields = {
  entity: z.enum(customFieldEntities),
  key: customFieldKey,
  label: trimmedText(100),
  type: z.enum(customFieldTypes),
  options: options.nullish(),
  required: z.boolean(),
  position: z.number().int().min(0).max(1_000_000),
};

export const createCustomFieldSchema = z
  .object({
    ...definitionFields,
    required: definitionFields.required.default(false),
    position: definitionFields.position.optional(),
  })
  .superRefine((field, ctx) => {
    const problem = optionsProblem(field.type, field.options);
    if (problem) ctx.addIssue({ code: 'custom', path: ['options'], message: problem });
  });

// entity, key and type are accepted with their current values, so a definition read with GET can be sent back.
export const updateCustomFieldSchema = z.object(definitionFields).partial().refine(atLeastOneField, nothingToUpdate);

export const listCustomFieldsQuery = z.object({
  entity: commaList(z.enum(customFieldEntities)).optional(),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

export type CreateCustomFieldInput = z.infer<typeof createCustomFieldSchema>;
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldSchema>;
export type ListCustomFieldsQuery = z.infer<typeof listCustomFieldsQuery>;

/** A custom field definition as the API shows it; `options` is null for every type but select. */
export const customFieldJson = z.strictObject({
  id: z.int(),
  entity: z.enum(customFieldEntities),
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()).nullable(),
  required: z.boolean(),
  position: z.int(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** A ticket's or a customer's custom field values, by key. */
export const customFieldValuesJson = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export type CustomFieldJson = z.infer<typeof customFieldJson>;
