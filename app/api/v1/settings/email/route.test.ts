import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { events } from '@/db/schema';
import type { EmailSettingsJson } from '@/lib/email/schema';
import { call } from '@/lib/test/api';
import { expectError, expectValidationError } from '@/lib/test/expectations';
import { createKey } from '@/lib/test/factories';

// Read once per test file, at the first use of the configuration.
vi.hoisted(() => {
  process.env.LOOPDESK_SMTP_URL = 'smtp://mailer:secret@127.0.0.1:2525';
  process.env.LOOPDESK_MAIL_FROM = 'Acme Support <support@acme.example>';
});

let adminKey: string;

beforeAll(async () => {
  adminKey = await createKey('admin');
});

const read = (key = adminKey) => call<EmailSettingsJson>('GET', '/api/v1/settings/email', { key });
const patch = (body: unknown, key = adminKey) => call<EmailSettingsJson>('PATCH', '/api/v1/settings/email', { key, body });

describe('GET /api/v1/settings/email', () => {
  it('shows whether SMTP is set up (never its URL), the From address and the defaults, to any key', async () => {
    const res = await read(await createKey('read'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      data: { smtp_configured: true, mail_from: 'Acme Support <support@acme.example>', acknowledgement: false, tickets_per_sender_per_hour: 20 },
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('answers 401 without a key', async () => {
    expect((await call('GET', '/api/v1/settings/email')).status).toBe(401);
  });
});

describe('PATCH /api/v1/settings/email', () => {
  it('changes the given settings and records setting.updated for each, with before and after', async () => {
    const res = await patch({ acknowledgement: true, tickets_per_sender_per_hour: 5 });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ acknowledgement: true, tickets_per_sender_per_hour: 5 });
    expect((await read()).body.data).toEqual(res.body.data);

    const recorded = await getDb()
      .select({ payload: events.payload })
      .from(events)
      .where(and(eq(events.type, 'setting.updated'), eq(events.resourceType, 'setting')));
    expect(recorded.map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        {
          setting: 'email_acknowledgement',
          changes: ['email_acknowledgement'],
          before: { email_acknowledgement: false },
          after: { email_acknowledgement: true },
        },
        {
          setting: 'email_tickets_per_sender_per_hour',
          changes: ['email_tickets_per_sender_per_hour'],
          before: { email_tickets_per_sender_per_hour: 20 },
          after: { email_tickets_per_sender_per_hour: 5 },
        },
      ]),
    );
    await patch({ acknowledgement: false, tickets_per_sender_per_hour: 20 });
  });

  it('refuses a limit out of range and an empty body with 400', async () => {
    expectValidationError(await patch({ tickets_per_sender_per_hour: 0 }), [{ field: 'tickets_per_sender_per_hour', message: expect.any(String) }]);
    expect((await patch({})).status).toBe(400);
  });

  it.each(['read', 'write'] as const)('answers 403 to a %s key', async (permission) => {
    expectError(await patch({ acknowledgement: true }, await createKey(permission)), {
      status: 403,
      code: 'FORBIDDEN',
      message: 'This action requires admin permission',
    });
    expect((await read()).body.data.acknowledgement).toBe(false);
  });
});
