import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

test.use({ storageState: { cookies: [], origins: [] } });

test('an agent changes their password and signs out their other browser from the profile', async ({ page, browser, request }, testInfo) => {
  const email = `pat.${Date.now().toString(36)}@example.com`;
  await apiCall(request, 'POST', '/agents', { first_name: 'Pat', last_name: 'Profile', email, password: 'correct horse battery' });
  const signIn = async (p: typeof page, password: string) => {
    await p.goto('/login');
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await expect(p.getByTestId('signed-in-as')).toHaveText('Pat Profile');
  };
  const other = await browser.newPage({ storageState: { cookies: [], origins: [] } });
  await signIn(page, 'correct horse battery');
  await signIn(other, 'correct horse battery');

  await page.getByTestId('signed-in-as').click();
  await expect(page.getByRole('heading', { name: 'Your profile' })).toBeVisible();
  await checkPage(page, testInfo, 'profile');

  // A common password is refused in words, on its field.
  await page.getByLabel('Current password').fill('correct horse battery');
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('qwerty123456');
  await page.getByLabel('New password again').fill('qwerty123456');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('This password is too common: choose one that is harder to guess')).toBeVisible();

  await page.getByRole('textbox', { name: 'New password', exact: true }).fill('a quieter horse grazing');
  await page.getByLabel('New password again').fill('a quieter horse grazing');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toHaveText('Password changed. Your other sessions have been signed out.');

  // The other browser's session ended with the change; this one goes on.
  await other.goto('/tickets');
  await expect(other).toHaveURL(/\/login/);
  await page.goto('/tickets');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Pat Profile');

  // Sign in again elsewhere with the new password, then end it from here.
  await signIn(other, 'a quieter horse grazing');
  await page.goto('/profile');
  await page.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Sign out other sessions' }).click();
  await expect(page.getByRole('status')).toHaveText('Signed out of 1 other session.');
  await other.goto('/tickets');
  await expect(other).toHaveURL(/\/login/);
  await other.close();
});
