import { beforeAll, describe, expect, it } from 'vitest';
import type { CustomerJson } from '@/lib/customers/schema';
import { call } from '@/lib/test/api';
import { expectValidationError } from '@/lib/test/expectations';
import { uniqueEmail, createKey } from '@/lib/test/factories';

let writeKey: string;

beforeAll(async () => {
  writeKey = await createKey('write');
});

const post = (body: unknown) => call<CustomerJson>('POST', '/api/v1/customers', { key: writeKey, body });
const john = (extra: Record<string, unknown> = {}) => ({ first_name: 'John', email: uniqueEmail(), ...extra });

describe('POST /api/v1/customers preferences', () => {
  it.each([
    ['en', 'en'],
    ['pt-BR', 'pt-BR'],
    ['zh-Hant-TW', 'zh-Hant-TW'],
    ['EN-us', 'en-US'],
    ['de-CH-1996', 'de-CH-1996'],
  ])('accepts the BCP 47 language tag %s, stored as %s', async (language, stored) => {
    const res = await post(john({ preferences: { language } }));
    expect(res.status).toBe(201);
    expect(res.body.data.preferences).toEqual({ language: stored, timezone: null, email_notifications: true });
  });

  it.each(['en_US', 'e', '123', 'en-', 'en US', 'english language'])("refuses the language '%s'", async (language) => {
    expectValidationError(await post(john({ preferences: { language } })), [
      { field: 'preferences.language', message: 'Language must be a BCP 47 language tag, e.g. en or pt-BR' },
    ]);
  });

  it.each([
    ['America/New_York', 'America/New_York'],
    ['UTC', 'UTC'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['america/new_york', 'America/New_York'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['Etc/GMT+5', 'Etc/GMT+5'],
  ])('accepts the IANA time zone %s, stored as %s', async (timezone, stored) => {
    const res = await post(john({ preferences: { timezone, email_notifications: false } }));
    expect(res.status).toBe(201);
    expect(res.body.data.preferences).toEqual({ language: null, timezone: stored, email_notifications: false });
  });

  it.each(['Mars/Olympus', 'America/Springfield', '+01:00', 'UTC+1', 'Eastern Time', '../../etc/passwd'])("refuses the time zone '%s'", async (timezone) => {
    expectValidationError(await post(john({ preferences: { timezone } })), [
      { field: 'preferences.timezone', message: 'Timezone must be an IANA time zone, e.g. America/New_York or UTC' },
    ]);
  });

  it('reads a blank language or time zone as not set', async () => {
    const res = await post(john({ preferences: { language: ' ', timezone: '' } }));
    expect(res.status).toBe(201);
    expect(res.body.data.preferences).toEqual({ language: null, timezone: null, email_notifications: true });
  });

  it('refuses email_notifications that is not a boolean, and preferences that are not an object', async () => {
    expectValidationError(await post(john({ preferences: { email_notifications: 'yes' } })), [
      { field: 'preferences.email_notifications', message: 'Email notifications must be a boolean' },
    ]);
    expectValidationError(await post(john({ preferences: ['en'] })), [{ field: 'preferences', message: 'Preferences must be an object' }]);
  });
});
