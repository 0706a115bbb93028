import { describe, expect, it } from 'vitest';
import { instantToWallTime, timeZoneAbbreviation, wallTimeToInstant } from './zoned-time';

describe('a datetime-local value read in a time zone', () => {
  it('is the instant that wall time is in New York, summer and winter', () => {
    expect(wallTimeToInstant('2026-07-01T09:00', 'America/New_York')).toBe('2026-07-01T13:00:00.000Z');
    expect(wallTimeToInstant('2026-12-01T09:00', 'America/New_York')).toBe('2026-12-01T14:00:00.000Z');
    expect(wallTimeToInstant('2026-07-01T09:00', 'UTC')).toBe('2026-07-01T09:00:00.000Z');
    expect(wallTimeToInstant('2026-07-01T09:00', 'Asia/Kolkata')).toBe('2026-07-01T03:30:00.000Z');
  });

  it('crosses the date line with the zone', () => {
    expect(wallTimeToInstant('2026-01-01T00:30', 'Pacific/Kiritimati')).toBe('2025-12-31T10:30:00.000Z');
    expect(wallTimeToInstant('2026-07-01T09:00:30', 'Europe/London')).toBe('2026-07-01T08:00:30.000Z');
  });

  it('moves a skipped time forward by the gap: 02:30 on 8 March 2026 does not exist in New York', () => {
    expect(wallTimeToInstant('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(instantToWallTime('2026-03-08T07:30:00.000Z', 'America/New_York')).toBe('2026-03-08T03:30');
    // Either side of the gap is read as it is.
    expect(wallTimeToInstant('2026-03-08T01:59', 'America/New_York')).toBe('2026-03-08T06:59:00.000Z');
    expect(wallTimeToInstant('2026-03-08T03:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
  });

  it('takes the first of a time that happens twice: 01:30 on 1 November 2026 in New York is EDT', () => {
    expect(wallTimeToInstant('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(wallTimeToInstant('2026-11-01T02:00', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
    expect(wallTimeToInstant('2026-10-25T01:30', 'Europe/Berlin')).toBe('2026-10-24T23:30:00.000Z');
    expect(wallTimeToInstant('2026-10-25T02:30', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('is null for text that is no wall time', () => {
    for (const value of ['', '2026-02-30T09:00', '2026-07-01T24:00', '2026-07-01 09:00', '09:00', '2026-07-01T09:60']) {
      expect(wallTimeToInstant(value, 'America/New_York'), value).toBeNull();
    }
  });
});

describe('an instant as a datetime-local value in a time zone', () => {
  it('is the wall clock there, not the UTC digits', () => {
    expect(instantToWallTime('2026-07-01T22:01:00Z', 'America/New_York')).toBe('2026-07-01T18:01');
    expect(instantToWallTime('2026-07-01T22:01:00Z', 'Europe/London')).toBe('2026-07-01T23:01');
    expect(instantToWallTime('2026-07-01T22:01:00Z', 'Asia/Tokyo')).toBe('2026-07-02T07:01');
  });

  it('tells the two 01:30s of the repeated hour apart by instant', () => {
    expect(instantToWallTime('2026-11-01T05:30:00Z', 'America/New_York')).toBe('2026-11-01T01:30');
    expect(instantToWallTime('2026-11-01T06:30:00Z', 'America/New_York')).toBe('2026-11-01T01:30');
    expect(timeZoneAbbreviation('America/New_York', Date.parse('2026-11-01T05:30:00Z'))).toBe('EDT');
    expect(timeZoneAbbreviation('America/New_York', Date.parse('2026-11-01T06:30:00Z'))).toBe('EST');
  });

  it('round-trips every hour of a year in New York, except the skipped hour', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let t = start; t < start + 365 * 86_400_000; t += 60 * 60_000) {
      const iso = new Date(t).toISOString();
      const wall = instantToWallTime(iso, 'America/New_York');
      const back = wallTimeToInstant(wall, 'America/New_York')!;
      // The second 01:xx of November reads back as the first, an hour earlier; nothing else moves.
      expect([0, 3_600_000], iso).toContain(t - Date.parse(back));
      expect(instantToWallTime(back, 'America/New_York'), iso).toBe(wall);
    }
  });
});
