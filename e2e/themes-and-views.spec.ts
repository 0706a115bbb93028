import { expect, test, type Page } from '@playwright/test';
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
    // Native controls (checkboxes, date pickers, scrollbars) are drawn dark too.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toContain('dark');

    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Go to the inbox' })).toHaveAttribute('href', '/tickets');
    await checkPage(page, testInfo, 'not-found-dark');
    await page.goto('/tickets/999999');
    await expect(page.getByText('This ticket does not exist, or was deleted.')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  });
});

/**
 * Tabs through the page (at most `max` stops) and names each control that looks the same focused as
 * unfocused: its outline and shadow are compared while it has the focus and after the next Tab.
 * A visually hidden input (a styled radio or file picker) is judged by its label, which is what shows.
 */
async function controlsWithoutVisibleFocus(page: Page, max = 60): Promise<string[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect();
      return box.width > 2 && box.height > 2 ? el : ((el as HTMLInputElement).labels?.[0] ?? el.closest('label') ?? el);
    };
    const look = (el: Element) => {
      const style = getComputedStyle(shown(el));
      return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' ');
    };
    const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? shown(el).textContent ?? el.id).trim().slice(0, 40)}"`;
    const walk = { previous: null as Element | null, focusedLook: '', seen: new WeakSet<Element>() };
    (window as unknown as { focusStep: () => { done: boolean; unmarked: string | null } }).focusStep = () => {
      const current = document.activeElement;
      let unmarked: string | null = null;
      if (walk.previous?.isConnected && walk.previous !== current && look(walk.previous) === walk.focusedLook) unmarked = name(walk.previous);
      const done = !current || current === document.body || walk.seen.has(current);
      if (current && !done) {
        walk.seen.add(current);
        walk.previous = current;
        walk.focusedLook = look(current);
      }
      return { done, unmarked };
    };
  });
  const unmarked: string[] = [];
  for (let i = 0; i <= max; i++) {
    await page.keyboard.press('Tab');
    const step = await page.evaluate(() => (window as unknown as { focusStep: () => { done: boolean; unmarked: string | null } }).focusStep());
    if (step.unmarked) unmarked.push(step.unmarked);
    if (step.done) break;
  }
  return unmarked;
}

test('every control shows the keyboard focus: ticket, inbox, customers and settings', async ({ page, request }) => {
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: 'Focus check', description: 'Tab through me' });
  await page.goto(`/tickets/${ticket.id}`);
  await expect(page.getByText('Tab through me')).toBeVisible();
  expect(await controlsWithoutVisibleFocus(page), 'ticket view').toEqual([]);
  await page.goto('/tickets');
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  expect(await controlsWithoutVisibleFocus(page), 'inbox').toEqual([]);
  await page.goto('/customers');
  await expect(page.getByTestId('customer-row').first()).toBeVisible();
  expect(await controlsWithoutVisibleFocus(page), 'customers').toEqual([]);
  await page.goto('/admin/webhooks');
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  expect(await controlsWithoutVisibleFocus(page), 'settings').toEqual([]);
});

test('an agent saves the current filters as a view of their own and comes back to it', async ({ page, request }) => {
  const run = Date.now();
  const field = `Plan ${run}`;
  await apiCall(request, 'POST', '/custom-fields', { entity: 'ticket', key: `plan_${run}`, label: field, type: 'select', options: ['Free', 'Pro'] });
  await apiCall(request, 'POST', '/tickets', { subject: `Pro sign-in ${run}`, tags: ['login'], custom_fields: { [`plan_${run}`]: 'Pro' } });
  await apiCall(request, 'POST', '/tickets', { subject: `Free sign-in ${run}`, tags: ['login'], custom_fields: { [`plan_${run}`]: 'Free' } });
  const rows = page.getByTestId('ticket-row');

  await page.goto('/tickets?view=all');
  await page.getByLabel('Tags').fill('login');
  await page.getByLabel('Tags').press('Enter');
  await expect(page).toHaveURL(/tags=login/);
  await expect(rows.filter({ hasText: 'Unable to login to account' })).toBeVisible();
  await expect(rows.filter({ hasText: 'Invoice shows the wrong VAT number' })).toHaveCount(0);
  await page.getByRole('button', { name: 'More filters' }).click();
  await page.getByLabel('Custom field').selectOption({ label: field });
  await page.getByLabel(field, { exact: true }).selectOption('Pro');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`Pro sign-in ${run}`);

  const name = `Pro sign-ins ${run}`;
  await page.getByRole('button', { name: '+ Save this view' }).click();
  await page.getByLabel('Name of the view').fill(name);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');

  await page.goto('/tickets');
  await expect(page.getByRole('link', { name })).not.toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/tags=login/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`Pro sign-in ${run}`);
  await expect(page.getByLabel('Tags')).toHaveValue('login');
  await expect(page.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: /^All tickets/ })).not.toHaveAttribute('aria-current', 'page');

  // Deleting says so, and Undo brings the view back.
  await page.getByRole('button', { name: `Delete view ${name}` }).click();
  await expect(page.getByRole('link', { name })).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'View deleted' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();
});
