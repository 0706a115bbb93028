import { z } from 'zod';
import { plainText, timestamp } from '@/lib/schema-helpers';

export const savedViewSchema = z.object({
  name: plainText(1, 100).refine((s) => s.trim().length > 0, { message: 'Name must not be blank' }),
  // The inbox's query string, as its URL carries it: `?status=open&priority=urgent`.
  query: plainText(0, 2000).refine((s) => s === '' || s.startsWith('?'), { message: 'Query must be empty or start with ?' }),
});

export type SavedViewInput = z.infer<typeof savedViewSchema>;

export const savedViewJson = z.strictObject({ id: z.int(), name: z.string(), query: z.string(), created_at: timestamp, updated_at: timestamp });

export type SavedViewJson = z.infer<typeof savedViewJson>;
