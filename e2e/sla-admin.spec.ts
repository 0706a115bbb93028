import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

type Policy = { id: number; name: string; targets: Record<'urgent', { first_response_minutes: number | null; resolution_minutes: number | null } | null> };

test('an admin sets office hours and targets for a department, corrects a refused name, changes a target and deletes the policy', async ({
  page,
  request,
}, testInfo) => {
  const run = Date.now();
  const department = await apiCall<{ id: number; name: string }>(request, 'POST', '/departments', { name: `Billing ${run}` });
  const other = await apiCall(request, 'POST', '/departments', { name: `Shipping ${run}` });
  const taken = `Shipping SLA ${run}`;
  await apiCall(request, 'POST', '/sla-policies', {
    name: taken,
    department_id: other.id,
    targets: { normal: { first_response_minutes: 480, resolution_minutes: null } },
  });
  const name = `Billing SLA ${run}`;

  await page.goto('/admin/sla-policies');
  await expect(page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'SLA policies' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('button', { name: 'New policy' }).click();
  const form = page.getByRole('form', { name: 'New SLA policy' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Applies to').selectOption({ label: department.name });
  await form.getByLabel('Time zone').fill('Europe/London');
  await expect(form.getByLabel('Around the clock, every day')).not.toBeChecked();
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
    await form.getByLabel(day, { exact: true }).check();
    await form.getByLabel(`${day} opens at`).fill('09:00');
    await form.getByLabel(`${day} closes at`).fill('17:00');
  }
  for (const day of ['Saturday', 'Sunday']) {
    await form.getByLabel(day, { exact: true }).uncheck();
    await expect(form.getByLabel(`${day} opens at`)).toHaveCount(0);
  }
  await form.getByLabel('Date').fill('2026-12-25');
  await form.getByRole('button', { name: 'Add holiday' }).click();
  await expect(form.getByRole('list', { name: 'Holidays' }).getByRole('listitem')).toHaveCount(1);
  await form.getByLabel('Urgent first response', { exact: true }).fill('1');
  await form.getByLabel('Urgent resolution', { exact: true }).fill('4');
  await expect(form.getByLabel('Urgent resolution unit')).toHaveValue('hours');
  await checkPage(page, testInfo, 'sla-policy-form');
  await form.getByRole('button', { name: 'Create policy' }).click();

  await expect(form).toHaveCount(0);
  const row = page.getByRole('table', { name: 'SLA policies' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText(department.name);
  await expect(row).toContainText('Mon–Fri 09:00–17:00');
  await expect(row).toContainText('Europe/London, 1 holiday');
  await expect(row).toContainText('Urgent: first response 1 h, resolution 4 h');
  await checkPage(page, testInfo, 'sla-policies');

  // The name of another policy: the API refuses it, and says so on the Name field.
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('form', { name: `Edit the SLA policy “${name}”` });
  await expect(edit.getByLabel('Monday opens at')).toHaveValue('09:00');
  await expect(edit.getByLabel('Saturday', { exact: true })).not.toBeChecked();
  await expect(edit.getByLabel('Urgent first response', { exact: true })).toHaveValue('1');
  await edit.getByLabel('Name').fill(taken);
  await edit.getByLabel('Urgent resolution', { exact: true }).fill('90');
  await edit.getByLabel('Urgent resolution unit').selectOption('minutes');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  const nameField = edit.getByLabel('Name');
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(nameField).toHaveAccessibleDescription('Name is already taken');
  await expect(nameField).toBeFocused();
  await expect(edit.getByRole('alert')).toHaveText('Not saved: please correct the fields marked above.');
  await checkPage(page, testInfo, 'sla-policy-form-refused');

  await nameField.fill(name);
  await expect(nameField).not.toHaveAttribute('aria-invalid');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row).toContainText('Urgent: first response 1 h, resolution 1 h 30 min');

  // On a phone the form fits the screen: nothing to scroll sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  await expect(edit.getByLabel('Urgent resolution unit')).toHaveValue('minutes');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await checkPage(page, testInfo, 'sla-policy-form-phone');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'sla-policy-form-phone-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await edit.getByRole('button', { name: 'Cancel' }).click();
  const policies = await apiCall<Policy[]>(request, 'GET', '/sla-policies?per_page=100');
  expect(policies.find((p) => p.name === name)?.targets.urgent).toEqual({ first_response_minutes: 60, resolution_minutes: 90 });

  await row.getByRole('button', { name: `Delete ${name}` }).click();
  await page
    .getByRole('dialog', { name: `Delete the SLA policy “${name}”?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(row).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'SLA policies' })).toContainText(taken);
});

test('editing one day keeps the split hours of the days the form shows one span of', async ({ page, request }) => {
  const run = Date.now();
  const department = await apiCall<{ id: number }>(request, 'POST', '/departments', { name: `Lunch ${run}` });
  const name = `Lunch break ${run}`;
  const monday = [
    { day: 'monday', start: '08:00', end: '12:00' },
    { day: 'monday', start: '13:00', end: '17:00' },
  ];
  const policy = await apiCall<{ id: number }>(request, 'POST', '/sla-policies', {
    name,
    department_id: department.id,
    business_hours: [...monday, { day: 'tuesday', start: '09:00', end: '17:00' }],
    targets: { urgent: { first_response_minutes: 60, resolution_minutes: null } },
  });

  await page.goto('/admin/sla-policies');
  const row = page.getByRole('table', { name: 'SLA policies' }).getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('form', { name: `Edit the SLA policy “${name}”` });
  await edit.getByLabel('Tuesday closes at').fill('16:00');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(row).toContainText('Tue 09:00–16:00');

  const saved = await apiCall<{ business_hours: { day: string; start: string; end: string }[] }>(request, 'GET', `/sla-policies/${policy.id}`);
  expect(saved.business_hours).toEqual([...monday, { day: 'tuesday', start: '09:00', end: '16:00' }]);
});
