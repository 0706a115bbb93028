import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';

test('the API reference renders from the document, and Try it lists tickets as the signed-in agent', async ({ page }) => {
  await page.goto('/docs');
  await expect(page.getByRole('heading', { name: 'Loopdesk API reference' })).toBeVisible();
  const listTickets = page.locator('#operations-tickets-listTickets');
  await listTickets.locator('.opblock-summary-control').click();
  await listTickets.getByRole('button', { name: 'Try it out' }).click();
  await listTickets.getByRole('button', { name: 'Execute' }).click();

  const answer = listTickets.locator('.live-responses-table .response');
  await expect(answer.locator('.response-col_status')).toHaveText('200');
  await expect(answer.locator('.response-col_description')).toContainText('"success": true');
});

// The guides as an integrator meets them; every guide but the checklist shows runnable samples.
const guides = [
  { title: 'Quick start', path: '/docs/guides/quick-start', samples: true },
  { title: 'Authentication', path: '/docs/guides/authentication', samples: true },
  { title: 'Pagination', path: '/docs/guides/pagination', samples: true },
  { title: 'Filtering and search', path: '/docs/guides/filtering-and-search', samples: true },
  { title: 'Errors and retries', path: '/docs/guides/errors-and-retries', samples: true },
  { title: 'Rate limits', path: '/docs/guides/rate-limits', samples: true },
  { title: 'Webhooks', path: '/docs/guides/webhooks', samples: true },
  { title: 'Integration checklist', path: '/docs/guides/checklist', samples: false },
];

test('the reference links to every guide', async ({ page }) => {
  await page.goto('/docs');
  const nav = page.getByRole('navigation', { name: 'Guides' });
  for (const guide of guides) await expect(nav.getByRole('link', { name: guide.title, exact: true })).toHaveAttribute('href', guide.path);
  await nav.getByRole('link', { name: 'Quick start', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quick start' })).toBeVisible();
});

for (const guide of guides) {
  test(`the ${guide.title} guide links back to the reference${guide.samples ? ', with its samples as tabs the keyboard can switch' : ''}`, async ({
    page,
  }, testInfo) => {
    await page.goto(guide.path);
    await expect(page.getByRole('heading', { level: 1, name: guide.title })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Guides' }).getByRole('link', { name: 'API reference' })).toHaveAttribute('href', '/docs');
    await checkPage(page, testInfo, `guide ${guide.title}`);
    if (!guide.samples) return;

    const samples = page.getByRole('figure').first();
    const tab = (name: string) => samples.getByRole('tab', { name, exact: true });
    const panel = samples.getByRole('tabpanel');
    await expect(samples.getByRole('tab')).toHaveText(['curl', 'TypeScript', 'Python']);
    await expect(tab('curl')).toHaveAttribute('aria-selected', 'true');
    await expect(panel).toContainText('curl');

    await tab('curl').focus();
    await page.keyboard.press('ArrowRight');
    await expect(tab('TypeScript')).toBeFocused();
    await expect(tab('TypeScript')).toHaveAttribute('aria-selected', 'true');
    await expect(tab('curl')).toHaveAttribute('aria-selected', 'false');
    await expect(panel).toContainText("from '@loopdesk/sdk'");

    await page.keyboard.press('ArrowRight');
    await expect(tab('Python')).toBeFocused();
    await expect(panel).toContainText('from loopdesk import');

    await page.keyboard.press('ArrowRight');
    await expect(tab('curl')).toBeFocused();
    await expect(tab('curl')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(tab('Python')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Home');
    await expect(tab('curl')).toHaveAttribute('aria-selected', 'true');
  });
}
