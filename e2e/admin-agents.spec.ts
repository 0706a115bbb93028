import { expect, test, type Page } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an admin adds an agent with a one-time password; the agent is kept out of settings; once deactivated they cannot sign in', async ({
  page,
  browser,
  request,
}, testInfo) => {
  // Unique to the run, so that a retry on the same database finds only its own agent.
  const run = Date.now().toString(36);
  const name = `Tess Agent-${run}`;
  const email = `tess.${run}@example.com`;
  await apiCall(request, 'POST', '/departments', { name: `Returns ${run}` });

  await page.goto('/admin/agents');
  const rows = page.getByTestId('agent-row');
  await expect(rows.first()).toBeVisible();
  await checkPage(page, testInfo, 'admin-agents');

  await page.getByRole('button', { name: 'New agent' }).click();
  const form = page.getByRole('form', { name: 'New agent' });
  await expect(form.getByLabel('First name')).toBeFocused();
  await form.getByLabel('First name').fill('Tess');
  await form.getByLabel('Last name').fill(`Agent-${run}`);
  await form.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
  await form.getByLabel('Role').selectOption('agent');
  await form.getByLabel(`Returns ${run}`).check();
  await form.getByLabel('Skills').fill('Returns, Refunds');
  await form.getByLabel('Maximum open tickets').fill('5');
  await checkPage(page, testInfo, 'admin-new-agent');
  await form.getByRole('button', { name: 'Create agent' }).click();

  // The first password is made in the browser and shown this once.
  const notice = page.getByRole('region', { name: `${name} can now sign in` });
  await expect(notice).toBeVisible();
  const password = (await notice.getByTestId('first-password').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
  await expect(notice).toContainText('only time it is shown');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await notice.getByRole('button', { name: 'Copy' }).click();
  await expect(notice.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(password);
  await checkPage(page, testInfo, 'admin-first-password');
  await notice.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('first-password')).toHaveCount(0);

  const row = rows.filter({ hasText: email });
  const cells = row.getByRole('cell');
  await expect(cells.nth(0)).toContainText(name);
  await expect(cells.nth(0)).toContainText('Skills: returns, refunds');
  await expect(cells.nth(2)).toHaveText('Agent');
  await expect(cells.nth(3)).toHaveText('Active');
  await expect(cells.nth(4)).toHaveText(`Returns ${run}`);
  await expect(cells.nth(5)).toHaveText('0 / 5');
  await expect(cells.nth(6)).toHaveText('Available');

  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('form', { name: `Edit ${name}` });
  await expect(edit.getByLabel('Maximum open tickets')).toHaveValue('5');
  await edit.getByLabel('Availability').selectOption('away');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toHaveCount(0);
  await expect(cells.nth(6)).toHaveText('Away');

  // The agent signs in with it, and is refused the settings, in the page and by the API.
  const agentContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, email, password);
  await expect(agentPage.getByTestId('signed-in-as')).toHaveText(name);
  await expect(agentPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })).toHaveCount(0);
  const refused = await agentPage.goto('/admin/agents');
  expect(refused?.status()).toBe(403);
  await expect(agentPage.getByTestId('admin-forbidden')).toBeVisible();
  await expect(agentPage.getByRole('heading', { name: 'Admins only' })).toBeVisible();
  await checkPage(agentPage, testInfo, 'admin-forbidden');
  const keysStatus = await agentPage.evaluate(async () => (await fetch('/api/v1/api-keys', { headers: { 'X-Loopdesk-Client': 'web' } })).status);
  expect(keysStatus).toBe(403);
  await agentContext.close();

  // Back as the admin: deactivated, the agent leaves the active list but stays listed.
  await row.getByRole('button', { name: `Deactivate ${name}` }).click();
  const confirm = page.getByRole('dialog', { name: `Deactivate ${name}?` });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkPage(page, testInfo, 'admin-deactivate-agent');
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${name} is deactivated.` })).toBeVisible();
  await expect(row).toHaveCount(0);
  await page.getByLabel('Show').selectOption('inactive');
  await expect(cells.nth(3)).toHaveText('Inactive');
  await expect(row.getByRole('button', { name: `Reactivate ${name}` })).toBeVisible();
  const inactive = await apiCall<{ email: string; status: string }[]>(request, 'GET', '/agents?status=inactive&per_page=100');
  expect(inactive.find((a) => a.email === email)?.status).toBe('inactive');

  const again = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const againPage = await again.newPage();
  await signIn(againPage, email, password);
  await expect(againPage.locator('form').getByRole('alert')).toHaveText('This account has been deactivated. Ask an admin to reactivate it.');
  await again.close();
});
