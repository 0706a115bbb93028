/**
 * Instants (ISO 8601 with `Z`, as the API speaks) and the wall-clock values of a `datetime-local`
 * input (`2026-07-01T09:00`) in a named IANA time zone, through Intl alone: the input has no zone,
 * so without this it would be read in UTC or in the browser's zone, whichever the code happened to use.
 *
 * Wall times that a zone skips or repeats follow the "compatible" rule of Temporal and RFC 5545:
 * a skipped time moves forward by the gap (New York, 8 March 2026, 02:30 → 03:30 EDT) and a time
 * that happens twice is its first occurrence (1 November 2026, 01:30 → 01:30 EDT, not EST).
 */

const HOUR_MS = 3_600_000;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const wallFormats = new Map<string, Intl.DateTimeFormat>();

function wallFormat(zone: string): Intl.DateTimeFormat {
  let format = wallFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(zone, format);
  }
  return format;
}

/** The wall clock in `zone` at `instant`, as milliseconds of the same fields read as UTC. */
function wallClockMs(instant: number, zone: string): number {
  const parts = Object.fromEntries(
    wallFormat(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const utc = new Date(0);
  utc.setUTCFullYear(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  utc.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), 0);
  return utc.getTime();
}

/** How far `zone` is ahead of UTC at `instant`, in milliseconds (New York in July: −4 h). */
function offsetMs(instant: number, zone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClockMs(whole, zone) - whole;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The `datetime-local` value of an instant in `zone`, to the minute (`2026-07-01T09:00`). */
export function instantToWallTime(iso: string, zone: string): string {
  const wall = new Date(wallClockMs(Date.parse(iso), zone));
  return `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
}

/** The instant (ISO 8601, `Z`) a `datetime-local` value means in `zone`; null for a value that is not one. */
export function wallTimeToInstant(value: string, zone: string): string | null {
  const match = WALL_TIME.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(year!, month! - 1, day!);
  asUtc.setUTCHours(hour!, minute!, second!, 0);
  const wall = asUtc.getTime();
  // Dates such as 31 February roll over in Date.UTC; they are not wall times.
  if (asUtc.getUTCMonth() !== month! - 1 || asUtc.getUTCDate() !== day! || hour! > 23 || minute! > 59) return null;
  // Offsets a day either side: zones change at most once in that span, so these are the only candidates.
  const candidates = [wall - offsetMs(wall - 24 * HOUR_MS, zone), wall - offsetMs(wall + 24 * HOUR_MS, zone)];
  const valid = candidates.filter((instant) => wallClockMs(instant, zone) === wall).sort((a, b) => a - b);
  // None fits: the time was skipped; the offset before the change carries it forward by the gap.
  return new Date(valid[0] ?? candidates[0]!).toISOString();
}

/** Whether this runtime's time zone data knows `zone`. */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone this browser is set to. */
export const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The zone's short name at `instant` in English (`EDT`, `GMT+1`), for showing next to a time. */
export function timeZoneAbbreviation(zone: string, instant = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' }).formatToParts(instant);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
}
