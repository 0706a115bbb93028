import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { customFieldDefinitions as defs, type CustomFieldDefinition } from '@/db/schema';
import type { ServiceContext } from '@/lib/context';
import { ConflictError, NotFoundError, ValidationError, isUniqueViolation, type FieldError } from '@/lib/errors';
import { changeOf, recordEvents, resourceEvent } from '@/lib/events';
import {
  MAX_CUSTOM_FIELDS,
  optionsProblem,
  type CreateCustomFieldInput,
  type CustomFieldEntity,
  type CustomFieldJson,
  type UpdateCustomFieldInput,
} from './schema';
import { toCustomFieldJson } from './serialize';

const KEY_INDEX = 'custom_field_definitions_entity_key_index';
const keyTaken = (entity: CustomFieldEntity, key: string) => `A ${entity} custom field with key "${key}" already exists`;

async function checkKeyFree(db: Db, entity: CustomFieldEntity, key: string) {
  const [taken] = await db
    .select({ id: defs.id })
    .from(defs)
    .where(and(eq(defs.entity, entity), eq(defs.key, key)));
  if (taken) throw new ConflictError(keyTaken(entity, key), undefined, [{ field: 'key', message: keyTaken(entity, key) }]);
}

/**
 * A ticket or customer holds at most MAX_CUSTOM_FIELDS values, so its entity may define no more
 * fields than that: every defined field must fit. Two requests at once may pass this together;
 * the entity then has one field too many, which costs nothing but the error on the next one.
 */
async function checkRoomForField(db: Db, entity: CustomFieldEntity) {
  if ((await db.$count(defs, eq(defs.entity, entity))) < MAX_CUSTOM_FIELDS) return;
  const message = `A ${entity} may have at most ${MAX_CUSTOM_FIELDS} custom fields: delete one before defining another`;
  throw new ConflictError(message, undefined, [{ field: 'entity', message }]);
}

/** Without a position, a new field goes after the entity's last one. */
async function nextPosition(db: Db, entity: CustomFieldEntity): Promise<number> {
  const [row] = await db
    .select({ next: sql<number>`coalesce(max(${defs.position}) + 1, 0)::int` })
    .from(defs)
    .where(eq(defs.entity, entity));
  return row?.next ?? 0;
}

/** Defines a ticket or customer custom field; keys are unique per entity (case matters, as in JSON). */
export async function createCustomField(ctx: ServiceContext, input: CreateCustomFieldInput): Promise<CustomFieldJson> {
  try {
    return await ctx.db.transaction(async (tx) => {
      await checkKeyFree(tx, input.entity, input.key);
      await checkRoomForField(tx, input.entity);
      const [row] = await tx
        .insert(defs)
        .values({
          entity: input.entity,
          key: input.key,
          label: input.label,
          type: input.type,
          options: input.options ?? [],
          required: input.required,
          position: input.position ?? (await nextPosition(tx, input.entity)),
        })
        .returning();
      const field = toCustomFieldJson(row!);
      await recordEvents({ ...ctx, db: tx }, [resourceEvent('custom_field.created', field.id, { custom_field: field })]);
      return field;
    });
  } catch (error) {
    // Two requests defining the same key at once: the unique index stops the second.
    if (isUniqueViolation(error, KEY_INDEX)) {
      const message = keyTaken(input.entity, input.key);
      throw new ConflictError(message, { cause: error }, [{ field: 'key', message }]);
    }
    throw error;
  }
}

const immutable = { entity: 'Entity', key: 'Key', type: 'Type' } as const;

/** Stored values are keyed, typed and filed by these, so changing them would orphan or mistype them. */
function unchangeableFields(current: CustomFieldDefinition, input: UpdateCustomFieldInput): FieldError[] {
  return (Object.keys(immutable) as (keyof typeof immutable)[]).flatMap((field) =>
    input[field] !== undefined && input[field] !== current[field]
      ? [{ field, message: `${immutable[field]} cannot be changed; define a new field instead` }]
      : [],
  );
}

/**
 * Changes label, options, required or position. Values already stored are left as they are: a
 * value no longer among the options, or a required field missing on an old record, is only
 * refused when a write touches that field.
 */
export async function updateCustomField(ctx: ServiceContext, id: number, input: UpdateCustomFieldInput): Promise<CustomFieldJson> {
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(defs).where(eq(defs.id, id)).for('update');
    if (!current) throw new NotFoundError('Custom field');
    const errors = unchangeableFields(current, input);
    if (input.options !== undefined) {
      const problem = optionsProblem(current.type, input.options);
      if (problem) errors.push({ field: 'options', message: problem });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const [row] = await tx
      .update(defs)
      .set({
        label: input.label,
        options: input.options ?? undefined,
        required: input.required,
        position: input.position,
        updatedAt: new Date(),
      })
      .where(eq(defs.id, id))
      .returning();
    const field = toCustomFieldJson(row!);
    await recordEvents({ ...ctx, db: tx }, [
      resourceEvent('custom_field.updated', id, { custom_field: field, ...changeOf(toCustomFieldJson(current), field) }),
    ]);
    return field;
  });
}

/** Removes a definition; values stored under its key stay on tickets and customers, unchecked from now on. */
export async function deleteCustomField(ctx: ServiceContext, id: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx.delete(defs).where(eq(defs.id, id)).returning();
    if (!deleted) throw new NotFoundError('Custom field');
    await recordEvents({ ...ctx, db: tx }, [resourceEvent('custom_field.deleted', id, { custom_field: toCustomFieldJson(deleted) })]);
  });
}
