import { expect, test } from '@playwright/test';
import { startReceiver, type Receiver } from '@/lib/test/webhook-receiver';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

let receiver: Receiver;
test.beforeEach(async () => {
  receiver = await startReceiver();
});
test.afterEach(async () => {
  await receiver.close();
});

test('an admin adds a webhook, tests it, watches a ticket.created delivery arrive and redelivers it', async ({ page, request }, testInfo) => {
  const path = `/hook-${Date.now().toString(36)}`;
  const url = receiver.url(path);
  const event = (name: string) => receiver.at(path).filter((r) => r.headers['x-loopdesk-event'] === name);

  await page.goto('/admin/webhooks');
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await checkPage(page, testInfo, 'admin-webhooks');
  // The settings navigation marks where the admin is, in words for screen readers and in colour for the eye.
  const settingsNav = page.getByRole('navigation', { name: 'Settings' });
  await expect(settingsNav.getByRole('link', { name: 'Webhooks' })).toHaveAttribute('aria-current', 'page');
  await expect(settingsNav.locator('[aria-current]')).toHaveCount(1);
  const background = (name: string) => settingsNav.getByRole('link', { name }).evaluate((a) => getComputedStyle(a).backgroundColor);
  expect(await background('Webhooks')).not.toBe(await background('Agents'));

  await page.getByRole('button', { name: 'New webhook' }).click();
  const form = page.getByRole('form', { name: 'New webhook' });
  await expect(form.getByRole('textbox', { name: 'URL', exact: true })).toBeFocused();
  await form.getByRole('textbox', { name: 'URL', exact: true }).fill(url);
  // A new webhook starts with ticket.created; with no event at all, the events say what is missing in words.
  await expect(form.getByLabel('ticket.created')).toBeChecked();
  await form.getByLabel('ticket.created').uncheck();
  await form.getByRole('button', { name: 'Create webhook' }).click();
  await expect(form.getByRole('group', { name: 'Events' })).toHaveAccessibleDescription('Choose at least one event');
  await form.getByLabel('ticket.created').check();
  await form.getByLabel('Description').fill('E2E receiver');
  await expect(form.getByLabel('Active: deliver events to this URL')).toBeChecked();
  await checkPage(page, testInfo, 'admin-new-webhook');
  await form.getByRole('button', { name: 'Create webhook' }).click();

  // The generated secret is shown this once.
  const notice = page.getByRole('region', { name: 'Webhook created' });
  await expect(notice).toBeVisible();
  await expect(notice.getByTestId('webhook-secret')).toHaveText(/^whsec_\S{32}$/);
  await expect(notice).toContainText('will not be shown again');
  await checkPage(page, testInfo, 'admin-webhook-created');
  await notice.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('webhook-secret')).toHaveCount(0);

  const row = page.getByTestId('webhook-row').filter({ hasText: url });
  await expect(row.getByRole('cell').nth(1)).toHaveText('ticket.created');
  await expect(row.getByRole('cell').nth(2)).toHaveText('Active');
  await row.getByRole('link', { name: url }).click();

  await expect(page.getByRole('heading', { name: `Webhook ${url}`, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Send test event' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Test event delivered: HTTP 200');
  expect(event('ping')).toHaveLength(1);
  const deliveries = page.getByTestId('delivery-row');
  await expect(deliveries.filter({ hasText: 'ping' })).toBeVisible();
  await checkPage(page, testInfo, 'admin-webhook');

  await apiCall(request, 'POST', '/tickets', { subject: 'Webhook e2e ticket', description: 'Should reach the receiver.' });
  await expect.poll(() => event('ticket.created').length, { timeout: 20_000 }).toBe(1);
  const deliveryId = event('ticket.created')[0]!.headers['x-loopdesk-delivery'];
  expect(deliveryId).toMatch(/^\d+$/);
  expect(JSON.parse(event('ticket.created')[0]!.body)).toMatchObject({ event: 'ticket.created', data: { ticket: { subject: 'Webhook e2e ticket' } } });

  const created = deliveries.filter({ hasText: 'ticket.created' });
  await expect(created).toBeVisible();
  await expect(created.getByRole('cell').nth(1)).toHaveText('Succeeded');
  await expect(created.getByRole('cell').nth(2)).toHaveText('1');
  await expect(created.getByRole('cell').nth(3)).toContainText('HTTP 200');

  await created.getByRole('button', { name: `Details of delivery ${deliveryId}` }).click();
  const detail = page.locator(`#delivery-${deliveryId}-detail`);
  await expect(detail.getByRole('heading', { name: `Delivery ${deliveryId}: ticket.created` })).toBeVisible();
  await expect(detail.getByTestId('delivery-attempt')).toHaveCount(1);
  await expect(detail.getByTestId('delivery-attempt').first()).toContainText('HTTP 200');
  await detail.getByText('Response body').click();
  await expect(detail.getByTestId('delivery-attempt').first().locator('pre')).toHaveText('ok');
  await checkPage(page, testInfo, 'admin-webhook-delivery');

  await detail.getByRole('button', { name: 'Redeliver' }).click();
  await expect(detail.getByRole('status')).toContainText('Redelivered: HTTP 200');
  await expect(detail.getByTestId('delivery-attempt-count')).toHaveText('2');
  await expect(detail.getByTestId('delivery-attempt')).toHaveCount(2);
  await expect(created.getByRole('cell').nth(2)).toHaveText('2');
  const again = event('ticket.created');
  expect(again).toHaveLength(2);
  expect(again[1]!.headers['x-loopdesk-delivery']).toBe(deliveryId);
  expect(again[1]!.body).toBe(again[0]!.body);
});
