import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

// These start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test('the sign-in page is accessible and refuses a wrong password in words', async ({ page }, testInfo) => {
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftickets|\/login/);
  await checkPage(page, testInfo, 'sign-in');
  await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
});

test('an agent signs in, sees their name, and signs out', async ({ page, request }) => {
  const email = `sam.${Date.now()}@example.com`;
  await apiCall(request, 'POST', '/agents', { first_name: 'Sam', last_name: 'Rivera', email, password: 'correct horse battery' });
  await page.goto('/login');
  await page.getByLabel('Email').fill(email.toUpperCase());
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Remember me for 30 days').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Sam Rivera');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login/);
});

test('a deactivated agent cannot sign in, and is told why', async ({ page, request }) => {
  const email = `gone.${Date.now()}@example.com`;
  const agent = await apiCall(request, 'POST', '/agents', { first_name: 'Gone', last_name: 'Agent', email, password: 'correct horse battery' });
  await apiCall(request, 'PUT', `/agents/${agent.id}`, { status: 'inactive' });
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('This account has been deactivated. Ask an admin to reactivate it.');
});
