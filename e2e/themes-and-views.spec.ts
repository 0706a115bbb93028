import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });

  test('the inbox and the ticket view follow the system setting and stay readable', async ({ page, request }, testInfo) => {
    const ticket = await apiCall(request, 'POST', '/tickets', { subject: 'Dark mode check', description: 'Readable at night' });
    await page.goto('/tickets');
    await expect(page.getByTestId('ticket-row').first()).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('header')!).backgroundColor)).not.toBe('rgb(255, 255, 255)');
    await checkPage(page, testInfo, 'inbox-dark');
    await page.goto(`/tickets/${ticket.id}`);
    await expect(page.getByText('Readable at night')).toBeVisible();
    await checkPage(page, testInfo, 'ticket-dark');
    await page.goto('/reports');
    await expect(page.locator('.recharts-surface').first()).toBeVisible();
    await checkPage(page, testInfo, 'reports-dark');
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the inbox and a ticket fit the screen: only the ticket table scrolls sideways', async ({ page, request }, testInfo) => {
    const ticket = await apiCall(request, 'POST', '/tickets', { subject: 'Small screen check' });
    await page.goto('/tickets');
    await expect(page.getByTestId('ticket-row').first()).toBeVisible();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await checkPage(page, testInfo, 'inbox-phone');
    await page.goto(`/tickets/${ticket.id}`);
    await expect(page.getByRole('heading', { name: 'Small screen check' })).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await checkPage(page, testInfo, 'ticket-phone');
  });
});

test('an agent saves the current filters as a view of their own and comes back to it', async ({ page }) => {
  const name = `Urgent and pending ${Date.now()}`;
  await page.goto('/tickets?view=all&status=pending&priority=urgent');
  await page.getByRole('button', { name: '+ Save this view' }).click();
  await page.getByLabel('Name of the view').fill(name);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const link = page.getByRole('link', { name });
  await expect(link).toBeVisible();

  await page.goto('/tickets');
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/status=pending/);
  await expect(page).toHaveURL(/priority=urgent/);
  await expect(page.getByLabel('Status')).toHaveValue('pending');

  await page.getByRole('button', { name: `Delete view ${name}` }).click();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
});
