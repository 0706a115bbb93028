import { z } from 'zod';

/** `?inline=1` asks to show an allow-listed file (plain images, PDF, plain text) in the browser rather than save it. */
export const downloadFileQuery = z.object({
  inline: z
    .enum(['1', '0', 'true', 'false'])
    .transform((v) => v === '1' || v === 'true')
    .optional(),
});
