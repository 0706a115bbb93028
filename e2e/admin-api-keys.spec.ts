import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';

test('an admin creates a read key, an integration uses it, and once revoked it is refused', async ({ page, request }, testInfo) => {
  // Unique to the run, so that a retry on the same database finds only its own key.
  const name = `CRM sync ${Date.now().toString(36)}`;

  await page.goto('/admin/api-keys');
  await expect(page.getByRole('heading', { name: 'API Keys', level: 1 })).toBeVisible();
  await expect(page.getByTestId('api-key-row').first()).toBeVisible();
  await checkPage(page, testInfo, 'admin-api-keys');

  await page.getByRole('button', { name: 'Create New API Key' }).click();
  const form = page.getByRole('form', { name: 'New API key' });
  await expect(form.getByLabel('Name')).toBeFocused();
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Permission').selectOption('read');

  // The server checks the allowlist and says which line is wrong.
  await form.getByLabel('IP allowlist').fill('127.0.0.1\nnot-an-address');
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(form.getByText("'not-an-address' is not a valid IP address or CIDR range")).toBeVisible();
  await expect(form.getByLabel('IP allowlist')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('alert')).toContainText('Not created');
  await checkPage(page, testInfo, 'admin-new-api-key-errors');
  await form.getByLabel('IP allowlist').fill('');
  await form.getByRole('button', { name: 'Create key' }).click();

  // The key is shown this once, with a warning and a Copy button.
  const notice = page.getByRole('region', { name: `API key “${name}” created` });
  await expect(notice).toBeVisible();
  const key = (await notice.getByTestId('new-api-key').textContent())!.trim();
  expect(key).toMatch(/^ld_live_\S+$/);
  await expect(notice).toContainText('will not be shown again');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await notice.getByRole('button', { name: 'Copy API key' }).click();
  await expect(notice.getByRole('status')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await checkPage(page, testInfo, 'admin-api-key-created');
  await notice.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('new-api-key')).toHaveCount(0);

  const row = page.getByTestId('api-key-row').filter({ hasText: name });
  const cells = row.getByRole('cell');
  // The whole prefix shows, with nothing cut off or hinted away by an ellipsis.
  await expect(cells.nth(1)).toHaveText(key.slice(0, 14));
  expect(
    await cells
      .nth(1)
      .evaluate((td) => td.scrollWidth <= td.clientWidth && td.getBoundingClientRect().right <= td.closest('div')!.getBoundingClientRect().right),
  ).toBe(true);

  // Until the agents are known, the creator is shown as loading, not as a made-up "Agent #1".
  let releaseAgents!: () => void;
  const agentsHeld = new Promise<void>((resolve) => {
    releaseAgents = resolve;
  });
  const agentsList = (url: URL) => url.pathname === '/api/v1/agents';
  await page.route(agentsList, async (route) => {
    await agentsHeld;
    await route.continue();
  });
  await page.reload();
  await expect(cells.nth(1)).toHaveText(key.slice(0, 14));
  await expect(cells.nth(5)).not.toContainText('Agent #');
  releaseAgents();
  await expect(cells.nth(2)).toHaveText('Read');
  await expect(cells.nth(3)).toHaveText('Never');
  await expect(cells.nth(4)).toHaveText('Never');
  await expect(cells.nth(5)).toContainText('Ada Admin');

  const asIntegration = () => request.fetch('/api/v1/tickets', { headers: { Authorization: `Bearer ${key}` } });
  expect((await asIntegration()).status()).toBe(200);

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const confirm = page.getByRole('dialog', { name: `Revoke ${name}?` });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkPage(page, testInfo, 'admin-revoke-api-key');
  await confirm.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${name} is revoked` })).toBeVisible();
  await expect(row).toHaveCount(0);

  const refused = await asIntegration();
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('API key has been revoked');
});
