import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

test('an admin finds a rename, a failed sign-in, a sign-in and a sign-out in the audit log, opens them, and exports the log', async ({
  page,
  request,
  browser,
}, testInfo) => {
  const run = Date.now().toString(36);
  const department = await apiCall(request, 'POST', '/departments', { name: `Returns ${run}` });
  await apiCall(request, 'PUT', `/departments/${department.id}`, { name: `Returns and refunds ${run}` });

  // Someone tries a wrong password from another browser.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const signIn = await stranger.newPage();
  await signIn.goto('/login');
  await signIn.getByLabel('Email').fill(`nobody.${run}@example.com`);
  await signIn.getByLabel('Password').fill('not the password');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
  // And an agent signs in there and out again.
  const email = `lena.${run}@example.com`;
  await apiCall(request, 'POST', '/agents', { first_name: 'Lena', last_name: run, email, password: 'correct horse battery' });
  await signIn.getByLabel('Email').fill(email);
  await signIn.getByLabel('Password').fill('correct horse battery');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expect(signIn.getByTestId('signed-in-as')).toHaveText(`Lena ${run}`);
  await signIn.getByRole('button', { name: 'Sign out' }).click();
  await expect(signIn).toHaveURL(/\/login/);
  await stranger.close();

  await page.goto('/admin/audit-log');
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await page.getByLabel('Resource').selectOption('department');
  await page.getByLabel('Action').selectOption('department.updated');
  const renamed = page.getByTestId('audit-row').filter({ hasText: `#${department.id}` });
  await expect(renamed).toHaveCount(1);
  await expect(renamed).toContainText('admin key (API key)');
  await checkPage(page, testInfo, 'audit-log');

  await renamed.getByRole('button', { name: /Details/ }).click();
  const changes = page.getByRole('table', { name: 'Changes' });
  await expect(changes.getByRole('row', { name: /name/ })).toContainText(`"Returns ${run}"`);
  await expect(changes.getByRole('row', { name: /name/ })).toContainText(`"Returns and refunds ${run}"`);

  await page.getByLabel('Resource').selectOption('agent');
  await page.getByLabel('Action').selectOption('agent.sign_in_failed');
  const failed = page.getByTestId('audit-row').first();
  await expect(failed).toContainText('Loopdesk');
  await expect(failed).toContainText('127.0.0.1');
  await failed.getByRole('button', { name: /Details/ }).click();
  await expect(page.getByText(`nobody.${run}@example.com`)).toBeVisible();

  for (const action of ['agent.signed_in', 'agent.signed_out']) {
    await page.getByLabel('Action').selectOption(action);
    const row = page.getByTestId('audit-row').filter({ hasText: `Lena ${run} (agent)` });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('127.0.0.1');
  }

  // The export takes the filters shown.
  await page.getByLabel('Action').selectOption('agent.sign_in_failed');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('loopdesk-audit-log.csv');
  const csv = await (await file.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString().trim().split('\r\n');
  expect(lines.slice(1).every((line) => line.includes(',agent.sign_in_failed,'))).toBe(true);
  expect(lines.join('\n')).toContain(`nobody.${run}@example.com`);
});
