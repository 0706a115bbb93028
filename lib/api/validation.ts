import type { z } from 'zod';
import type { FieldError } from '@/lib/errors';

type Issue = Parameters<NonNullable<z.core.$ZodErrorMap>>[0];

/** `['tickets', 2, 'priority']` → `tickets[2].priority`, the field path integrators see in `details`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, seg) => {
    if (typeof seg === 'number') return `${acc}[${seg}]`;
    return acc ? `${acc}.${String(seg)}` : String(seg);
  }, '');
}

const acronyms = new Set(['id', 'ip', 'url']);
const labels: Record<string, string> = { q: 'Search query' };

/** `customer_id` → `Customer ID`, `ip_whitelist` → `IP whitelist`, `due_date` → `Due date`. */
export function fieldLabel(path: readonly PropertyKey[] | undefined): string {
  const last = [...(path ?? [])].reverse().find((s) => typeof s === 'string');
  if (typeof last !== 'string') return 'Value';
  if (labels[last]) return labels[last];
  const words = last.split('_').map((w) => (acronyms.has(w) ? w.toUpperCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Messages in the reference's voice ("Priority must be one of: low, normal, high, urgent"),
 * used for every schema parsed at the API edge unless a schema gives its own message.
 */
export const apiErrorMap = (issue: Issue): string | undefined => {
  const label = fieldLabel(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return `${label} is required`;
      return `${label} must be ${article(issue.expected)}`;
    case 'invalid_value':
      // A missing enum field is reported like any other missing field.
      if (issue.input === undefined) return `${label} is required`;
      return `${label} must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? `${label} must not be empty` : `${label} must be at least ${issue.minimum} characters`;
      if (issue.origin === 'array') return `${label} must have at least ${issue.minimum} ${issue.minimum === 1 ? 'item' : 'items'}`;
      // `positive()` is an exclusive minimum of 0: "at least 0" would accept the 0 just refused.
      return issue.inclusive === false ? `${label} must be greater than ${issue.minimum}` : `${label} must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${label} must be at most ${issue.maximum} characters`;
      if (issue.origin === 'array') return `${label} must have at most ${issue.maximum} items`;
      return `${label} must be at most ${issue.maximum}`;
    case 'invalid_format':
      return `${label} has an invalid format`;
    case 'unrecognized_keys':
      return `Unknown field: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
};

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

export function zodDetails(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: fieldPath(issue.path), message: issue.message }));
}
