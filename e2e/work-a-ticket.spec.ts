import { expect, test } from '@playwright/test';
import { apiCall } from './helpers';

test('an agent works a ticket from the inbox to resolved, with a reply and an attachment', async ({ page, request }) => {
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: 'Printer on fire in room 4', description: 'Smoke everywhere.', priority: 'urgent' });

  await page.goto('/tickets?sort=created_at');
  const row = page.getByTestId('ticket-row').filter({ hasText: 'Printer on fire in room 4' });
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: 'Printer on fire in room 4' }).click();

  await expect(page.getByRole('heading', { name: 'Printer on fire in room 4' })).toBeVisible();
  await expect(page.getByText('Smoke everywhere.')).toBeVisible();

  await page.getByLabel('Reply to the customer').fill('We have sent the fire brigade. Photo of the report attached.');
  await page.locator('input[type=file]').setInputFiles({ name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('fire report') });
  await expect(page.getByRole('list', { name: 'Files to attach' })).toContainText('report.txt');
  await page.getByRole('button', { name: 'Send and resolve' }).click();

  const message = page.getByTestId('public-message').filter({ hasText: 'We have sent the fire brigade.' });
  await expect(message).toBeVisible();
  await expect(message.getByRole('button', { name: /report\.txt/ })).toBeVisible();
  const panel = page.getByRole('complementary', { name: 'Properties' });
  await expect(panel.getByLabel('Status')).toHaveValue('resolved');
  const assignee = (await panel.getByLabel('Assignee').locator('option').nth(1).textContent())!;
  await panel.getByLabel('Assignee').selectOption({ label: assignee });

  // The history says who did what, in sentences with the values before and after.
  await page.getByText('Activity', { exact: true }).click();
  const activity = page.getByRole('list', { name: 'Activity' });
  await expect(activity).toContainText('Ada Admin replied');
  await expect(activity).toContainText('Ada Admin · Status Open → Resolved');
  await expect(activity).toContainText(`Ada Admin assigned this to ${assignee}`);
  await expect(activity).not.toContainText('updated:');

  const saved = await apiCall<{ status: string; replies: { content: string; attachments: { filename: string }[] }[] }>(request, 'GET', `/tickets/${ticket.id}`);
  expect(saved.status).toBe('resolved');
  expect(saved.replies.at(-1)).toMatchObject({
    content: 'We have sent the fire brigade. Photo of the report attached.',
    attachments: [{ filename: 'report.txt' }],
  });
});

test('a draft reply survives a reload with its files; a note is never sent and resolved', async ({ page, request }) => {
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: 'Draft keeper', description: 'x' });
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByLabel('Reply to the customer').fill('Half-written answer that must not be lost');
  await page.locator('input[type=file]').setInputFiles({ name: 'draft.txt', mimeType: 'text/plain', buffer: Buffer.from('draft file') });
  await expect(page.getByRole('list', { name: 'Files to attach' })).toContainText('draft.txt');
  await expect(page.getByText('Files are kept with the draft in this browser.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Reply to the customer')).toHaveValue('Half-written answer that must not be lost');
  await expect(page.getByRole('list', { name: 'Files to attach' })).toContainText('draft.txt');

  // Resolving is for answers the customer sees; a note only offers to add it.
  await expect(page.getByRole('button', { name: 'Send and resolve' })).toBeVisible();
  await page.getByText('Internal note', { exact: true }).click();
  await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send and resolve' })).toHaveCount(0);
});

test('customer content is shown as text: no script or HTML from a ticket ever runs', async ({ page, request }) => {
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: `Subject ${payload}`, description: `Description ${payload}` });
  await apiCall(request, 'POST', `/tickets/${ticket.id}/replies`, {
    content: `Reply ${payload}`,
    attachments: [{ filename: `<img src=x onerror="window.__xss=3">.txt`, content: Buffer.from('x').toString('base64') }],
  });
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });

  await page.goto(`/tickets/${ticket.id}`);
  await expect(page.getByRole('heading', { name: `Subject ${payload}` })).toBeVisible();
  await expect(page.getByText(`Description ${payload}`)).toBeVisible();
  await expect(page.getByText(`Reply ${payload}`)).toBeVisible();
  await expect(page.getByRole('button', { name: /onerror/ })).toBeVisible();
  await page.goto('/tickets?view=all');
  await expect(page.getByRole('link', { name: `Subject ${payload}` })).toBeVisible();

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test('department, category and a custom field are edited in place and saved', async ({ page, request }) => {
  const run = Date.now();
  const department = await apiCall(request, 'POST', '/departments', { name: `Billing ${run}` });
  await apiCall(request, 'POST', '/categories', { name: `Refunds ${run}`, department_id: department.id });
  await apiCall(request, 'POST', '/custom-fields', { entity: 'ticket', key: `order_${run}`, label: `Order number ${run}`, type: 'text' });
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: `Refund please ${run}` });

  await page.goto(`/tickets/${ticket.id}`);
  const panel = page.getByRole('complementary', { name: 'Properties' });
  await panel.getByLabel('Department').selectOption({ label: `Billing ${run}` });
  await expect(panel.getByLabel('Category')).toContainText(`Refunds ${run}`);
  await panel.getByLabel('Category').selectOption({ label: `Refunds ${run}` });
  await panel.getByLabel(`Order number ${run}`).fill('A-1001');
  await panel.getByLabel(`Order number ${run}`).blur();

  await expect
    .poll(async () => {
      const saved = await apiCall<{ department: { name: string } | null; category: { name: string } | null; custom_fields: Record<string, unknown> }>(
        request,
        'GET',
        `/tickets/${ticket.id}`,
      );
      return [saved.department?.name, saved.category?.name, saved.custom_fields[`order_${run}`]];
    })
    .toEqual([`Billing ${run}`, `Refunds ${run}`, 'A-1001']);

  // The inbox filters by department too.
  await page.goto('/tickets?view=all');
  await page.getByRole('button', { name: 'More filters' }).click();
  await page.getByLabel('Department').selectOption({ label: `Billing ${run}` });
  await expect(page).toHaveURL(new RegExp(`department=${department.id}`));
  await expect(page.getByTestId('ticket-row')).toHaveCount(1);
  await expect(page.getByTestId('ticket-row')).toContainText(`Refund please ${run}`);
});
