import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

type Ticket = { id: number; number: string; status: string; tags: string[]; replies: { content: string }[] };

test('an admin keeps a shared macro, and an agent inserts it from the keyboard with its values and actions', async ({ page, request }, testInfo) => {
  const customer = await apiCall(request, 'POST', '/customers', { first_name: 'Maren', last_name: 'Holt', email: `maren.${Date.now()}@example.com` });
  const ticket = await apiCall<Ticket>(request, 'POST', '/tickets', { subject: 'Refund for the broken kettle', customer_id: customer.id });

  await page.goto('/admin/macros');
  await page.getByRole('button', { name: 'New macro' }).click();
  const form = page.getByRole('form', { name: 'New macro' });
  await form.getByLabel('Name').fill('Refund approved');
  await form.getByLabel('Text').fill('Hi {{customer.first_name}}, your refund for {{ticket.number}} is on its way. – {{agent.name}}');
  await form.getByLabel('Set status').selectOption('pending');
  await form.getByLabel('Add tags').fill('refund');
  await checkPage(page, testInfo, 'macro-form');
  await form.getByRole('button', { name: 'Create macro' }).click();
  await expect(page.getByRole('table', { name: 'Macros' })).toContainText('Refund approved');

  await page.goto(`/tickets/${ticket.id}`);
  const composer = page.getByLabel('Reply to the customer');
  await composer.focus();
  // `# ` starts a Markdown heading: the picker the `#` opened gives the text back.
  await page.keyboard.press('#');
  await page.keyboard.press(' ');
  await expect(composer).toHaveValue('# ');
  await expect(composer).toBeFocused();
  await composer.fill('');
  await page.keyboard.press('#');
  const search = page.getByRole('combobox', { name: 'Insert a macro' });
  await expect(search).toBeFocused();
  await page.keyboard.type('refund');
  await expect(page.getByRole('option', { name: /Refund approved/, selected: true })).toBeVisible();
  await checkPage(page, testInfo, 'macro-picker');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'macro-picker-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.keyboard.press('Enter');

  const text = `Hi Maren, your refund for ${ticket.number} is on its way. – Ada Admin`;
  await expect(composer).toHaveValue(text);
  await expect(composer).toBeFocused();
  const panel = page.getByRole('complementary', { name: 'Properties' });
  await expect(panel.getByLabel('Status')).toHaveValue('pending');
  await expect(panel.getByRole('list', { name: 'Tags' })).toContainText('refund');

  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByTestId('public-message').filter({ hasText: text })).toBeVisible();
  const saved = await apiCall<Ticket>(request, 'GET', `/tickets/${ticket.id}`);
  expect(saved).toMatchObject({ status: 'pending', tags: ['refund'] });
});
