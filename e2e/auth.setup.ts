import { expect, test as setup } from '@playwright/test';

// Signs in as the first-run admin once; the desk tests start from this session.
setup('sign in as the first-run admin', async ({ page }) => {
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'All open' })).toBeVisible();
  await page.context().storageState({ path: 'test-results/e2e-admin.json' });
});
