import { z } from 'zod';
import { customFieldEntity, customFieldType } from '@/db/schema';
import { commaList, plainText, queryInt, atLeastOneField, nothingToUpdate } from '@/lib/schema-helpers';

export const customFieldEntities = customFieldEntity.enumValues;
export const customFieldTypes = customFieldType.enumValues;
export type CustomFieldEntity = (typeof customFieldEntities)[number];
export type CustomFieldType = (typeof customFieldTypes)[number];

const KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const keyMessage = 'Custom field keys are 1–64 letters, digits, _ . or -';
export const customFieldKey = z.string().regex(KEY, { message: keyMessage });

/**
 * An object keyed by custom field key. Keys are checked here rather than by z.record's key schema,
 * whose failure zod reports as a bare "Invalid key in record". `notAnObject` is the message for
 * anything else in its place.
 */
export const customFieldRecord = <T extends z.ZodType>(value: T, notAnObject: string) =>
  z
    .record(z.string(), value, {
      error: (issue) => (issue.code === 'invalid_type' && issue.input !== undefined ? notAnObject : undefined),
    })
    .superRefine((record, ctx) => {
      for (const key of Object.keys(record)) {
        if (!KEY.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: keyMessage });
      }
    });

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
export const updateCustomFieldSchema = z
  .object(definitionFields)
  .partial()
  .refine(atLeastOneField, nothingToUpdate);

export const listCustomFieldsQuery = z.object({
  entity: commaList(z.enum(customFieldEntities)).optional(),
  page: queryInt(1, 1_000_000).default(1),
  per_page: queryInt(1, 100).default(25),
});

export type CreateCustomFieldInput = z.infer<typeof createCustomFieldSchema>;
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldSchema>;
export type ListCustomFieldsQuery = z.infer<typeof listCustomFieldsQuery>;
