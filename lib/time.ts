/** ISO 8601 in UTC with `Z` and whole seconds, as the reference writes times ("2025-08-23T10:30:00Z"). */
export function isoTime(date: Date): string;
export function isoTime(date: Date | null): string | null;
export function isoTime(date: Date | null): string | null {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}
