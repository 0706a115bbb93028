import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

/** The messages the app has sent so far, as the SMTP server the browser tests run (e2e/playwright-setup.ts) received them. */
async function sentMail(): Promise<ParsedMail[]> {
  const dir = process.env.E2E_SMTP_DIR!;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml'));
  return Promise.all(files.map((f) => simpleParser(fs.readFileSync(path.join(dir, f)))));
}

test('an admin adds a relay mailbox, sees its token once, and a message relayed with it becomes a ticket', async ({ page, request }, testInfo) => {
  // Unique to the run, so that a retry on the same database finds only its own mailbox and ticket.
  const run = Date.now().toString(36);
  const name = `Support ${run}`;
  const address = `support.${run}@example.com`;

  await page.goto('/admin/email');
  await expect(page.getByRole('heading', { name: 'Email', level: 1 })).toBeVisible();
  await expect(page.getByTestId('smtp-state')).toBeVisible();
  await checkPage(page, testInfo, 'admin-email');

  await page.getByRole('button', { name: 'New mailbox' }).click();
  const form = page.getByRole('form', { name: 'New mailbox' });
  await expect(form.getByRole('textbox', { name: 'Name', exact: true })).toBeFocused();
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await form.getByRole('textbox', { name: 'Address', exact: true }).fill('not an address');
  await form.getByRole('button', { name: 'Create mailbox' }).click();
  // The server checks the values and says which field is wrong.
  await expect(form.getByRole('textbox', { name: 'Address', exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toContainText('Not saved');
  await form.getByRole('textbox', { name: 'Address', exact: true }).fill(address);
  // No IMAP host: the mailbox receives only what a relay posts.
  await expect(form.getByLabel('IMAP host')).toHaveValue('');
  await expect(form.getByLabel("Active: turn this mailbox's mail into tickets")).toBeChecked();
  await checkPage(page, testInfo, 'admin-new-mailbox');
  await form.getByRole('button', { name: 'Create mailbox' }).click();

  // The relay token is shown this once, with where and how to use it.
  const notice = page.getByRole('region', { name: `Mailbox ${name} created` });
  await expect(notice).toBeVisible();
  const token = (await notice.getByTestId('mailbox-token').textContent())!.trim();
  expect(token).toMatch(/^\S{24,}$/);
  await expect(notice.getByTestId('relay-url')).toHaveText(/\/api\/v1\/inbound\/email$/);
  await expect(notice).toContainText('X-Loopdesk-Mailbox-Token');
  await expect(notice).toContainText('will not be shown again');
  await checkPage(page, testInfo, 'admin-mailbox-created');
  await notice.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('mailbox-token')).toHaveCount(0);

  const row = page.getByTestId('mailbox-row').filter({ hasText: name });
  await expect(row).toContainText(address);
  await expect(row).toContainText('Relay only');
  await expect(row).toContainText('Active');
  await expect(row).toContainText(`Relay token ${token.slice(0, 8)}`);

  // A relay hands over one raw message with the token; it opens a ticket.
  const message = [
    `From: Ada Customer <ada.${run}@example.com>`,
    `To: ${address}`,
    `Subject: Toner is out ${run}`,
    `Message-ID: <toner.${run}@example.com>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'The printer on floor 2 is out of toner.',
    '',
    'On Mon, 1 Jan 2024 at 09:00, Support <support@example.com> wrote:',
    '> How can we help?',
    '',
  ].join('\r\n');
  const relayed = await request.post('/api/v1/inbound/email', {
    headers: { 'X-Loopdesk-Mailbox-Token': token, 'Content-Type': 'message/rfc822' },
    data: Buffer.from(message),
  });
  expect(relayed.ok()).toBe(true);
  const result = ((await relayed.json()) as { data: { outcome: string; ticket_id: number } }).data;
  expect(result.outcome).toBe('ticket');

  // The ticket says it came by email and folds the quoted history.
  await page.goto(`/tickets/${result.ticket_id}`);
  await expect(page.getByRole('heading', { name: `Toner is out ${run}`, level: 1 })).toBeVisible();
  const description = page.getByTestId('public-message').filter({ hasText: 'The printer on floor 2 is out of toner.' });
  await expect(description.getByTestId('via-email')).toBeVisible();
  await expect(description).not.toContainText('How can we help?');
  await description.getByRole('button', { name: 'Show quoted text' }).click();
  await expect(description).toContainText('How can we help?');
  await checkPage(page, testInfo, 'email-ticket');

  // Rotating makes a new token, shown once; deleting takes the mailbox away.
  await page.goto('/admin/email');
  await row.getByRole('button', { name: `Rotate relay token of ${name}` }).click();
  await page
    .getByRole('dialog', { name: `Rotate the relay token of ${name}?` })
    .getByRole('button', { name: 'Rotate token' })
    .click();
  const rotated = page.getByRole('region', { name: `New relay token for ${name}` });
  await expect(rotated.getByTestId('mailbox-token')).not.toHaveText(token);
  await rotated.getByRole('button', { name: 'Done' }).click();

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await page
    .getByRole('dialog', { name: `Delete ${name}?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: `Mailbox ${name} deleted` })).toBeVisible();
  await expect(row).toHaveCount(0);
});

test('an emailed ticket shows up in the open inbox by itself, and the reply reaches the customer in the same thread', async ({ page, request }) => {
  const run = Date.now().toString(36);
  const subject = `Cannot print invoices ${run}`;
  const customer = `grace.${run}@example.com`;
  const mailbox = await apiCall<{ inbound_token: string }>(request, 'POST', '/mailboxes', { name: `Billing ${run}`, address: `billing.${run}@acme.example` });

  // The agent is looking at the inbox when the email arrives.
  await page.goto('/tickets?sort=created_at');
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  const customerMessageId = `<invoices.${run}@example.com>`;
  const relayed = await request.post('/api/v1/inbound/email', {
    headers: { 'X-Loopdesk-Mailbox-Token': mailbox.inbound_token, 'Content-Type': 'message/rfc822' },
    data: Buffer.from(
      [
        `From: Grace Customer <${customer}>`,
        `To: billing.${run}@acme.example`,
        `Subject: ${subject}`,
        `Message-ID: ${customerMessageId}`,
        `Date: ${new Date().toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The invoice page shows an error when I press Print.',
        '',
      ].join('\r\n'),
    ),
  });
  expect(relayed.status()).toBe(201);

  // No reload: the inbox picks the new ticket up on its own.
  const row = page.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 20_000 });
  await row.getByRole('link', { name: subject }).click();
  await expect(page.getByRole('heading', { name: subject, level: 1 })).toBeVisible();

  await page.getByLabel('Reply to the customer').fill('Thanks Grace, printing works again after a fix we just made.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  const reply = page.getByTestId('public-message').filter({ hasText: 'printing works again' });
  await expect(reply).toBeVisible();
  // Shown as queued, then as sent once the SMTP server took it (the ticket view refreshes itself).
  await expect(reply.getByTestId('reply-email')).toContainText('Emailed', { timeout: 20_000 });

  // The customer's mail: in their thread, from the mailbox they wrote to, with the ticket number.
  const ticket = await apiCall<{ number: string }>(request, 'GET', `/tickets/${((await relayed.json()) as { data: { ticket_id: number } }).data.ticket_id}`);
  const mail = (await sentMail()).find((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === customer);
  expect(mail).toBeDefined();
  expect(mail!.subject).toContain(`[${ticket.number}]`);
  expect(mail!.inReplyTo).toBe(customerMessageId);
  expect(mail!.references).toContain(customerMessageId);
  expect(mail!.replyTo?.value[0]?.address).toBe(`billing.${run}@acme.example`);
  expect(mail!.text).toContain('printing works again');
});
