import { expect, type Page, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

/** The desk's lists (and the reports), and the heading that shows once each has loaded. */
const screens = [
  { path: '/customers', ready: 'Customers' },
  { path: '/reports', ready: 'Reports' },
  { path: '/admin/agents', ready: 'Agents' },
  { path: '/admin/custom-fields', ready: 'Custom fields' },
  { path: '/admin/sla-policies', ready: 'SLA policies' },
  { path: '/admin/email', ready: 'Email' },
  { path: '/admin/api-keys', ready: 'API Keys' },
  { path: '/admin/oauth-apps', ready: 'OAuth apps' },
  { path: '/admin/webhooks', ready: 'Webhooks' },
  { path: '/admin/audit-log', ready: 'Audit log' },
];

/**
 * What sticks out of the viewport on the right: the page itself, or anything drawn past its edge
 * (a table cell cut off by its scrolling box counts: the agent does not see it). A strip of
 * navigation links may scroll sideways by design; content may not.
 */
function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const found: string[] = [];
    if (root.scrollWidth > width) found.push(`the page is ${root.scrollWidth} px wide`);
    for (const element of document.body.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || box.right <= width + 1) continue;
      if (element.closest('nav')) continue;
      const text = (element.textContent ?? '').trim().slice(0, 40);
      found.push(`<${element.tagName.toLowerCase()}> "${text}" ends at ${Math.round(box.right)} px`);
      if (found.length > 5) break;
    }
    return found;
  });
}

async function visit(page: Page, path: string, ready: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: ready, exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
  expect.soft(await overflow(page), `${path} at ${page.viewportSize()?.width} px`).toEqual([]);
}

async function firstDemoTicket(page: Page) {
  const [ticket] = await apiCall<{ id: number; subject: string }[]>(page.request, 'GET', '/tickets?sort=created_at&order=asc&per_page=1');
  return ticket!;
}

// Rows in the lists that may be empty on a fresh desk, so that their tables are measured too.
test.beforeAll(async ({ request }) => {
  const run = Date.now();
  await apiCall(request, 'POST', '/custom-fields', {
    entity: 'ticket',
    key: `contract_${run}`,
    label: `Contract ${run}`,
    type: 'select',
    options: ['Standard', 'Enterprise'],
  });
  await apiCall(request, 'POST', '/webhooks', { url: `http://127.0.0.1:9/layout-${run}`, events: ['ticket.created'] });
  // A department of its own, so that no other spec's tickets come under the policy.
  const department = await apiCall(request, 'POST', '/departments', { name: `Layout ${run}` });
  await apiCall(request, 'POST', '/sla-policies', {
    name: `Layout SLA ${run}`,
    department_id: department.id,
    time_zone: 'Europe/London',
    business_hours: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => ({ day, start: '09:00', end: '17:00' })),
    holidays: ['2026-12-25'],
    targets: { urgent: { first_response_minutes: 60, resolution_minutes: 240 }, high: { first_response_minutes: 240, resolution_minutes: 1440 } },
  });
});

for (const width of [1280, 1440]) {
  test(`every desk screen fits ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/tickets?view=all');
    await expect(page.getByTestId('ticket-row').first()).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Due' })).toBeInViewport({ ratio: 1 });
    // One row of filters: the sort select sits level with the search box.
    const search = await page.getByLabel('Search tickets').boundingBox();
    const sort = await page.getByLabel('Sort').boundingBox();
    expect(Math.abs(search!.y - sort!.y)).toBeLessThan(8);
    expect.soft(await overflow(page), `/tickets at ${width} px`).toEqual([]);

    const ticket = await firstDemoTicket(page);
    await visit(page, `/tickets/${ticket.id}`, ticket.subject);
    for (const screen of screens) await visit(page, screen.path, screen.ready);
  });
}

test('every desk screen fits a phone, and the inbox shows tickets first', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/tickets');
  await expect(page.getByTestId('ticket-row').first()).toBeInViewport();
  expect.soft(await overflow(page), '/tickets at 390 px').toEqual([]);
  // The filters wait behind a button; opened, they fit too.
  await expect(page.getByLabel('Priority')).toBeHidden();
  await page.getByRole('button', { name: 'Filters' }).click();
  await expect(page.getByLabel('Priority')).toBeVisible();
  expect.soft(await overflow(page), '/tickets with the filters open at 390 px').toEqual([]);
  await checkPage(page, testInfo, 'inbox-phone');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'inbox-phone-dark');

  const ticket = await firstDemoTicket(page);
  await visit(page, `/tickets/${ticket.id}`, ticket.subject);
  // Conversation first, then the properties below it.
  const subject = await page.getByRole('heading', { level: 1 }).boundingBox();
  const properties = await page.getByRole('complementary', { name: 'Properties' }).boundingBox();
  expect(properties!.y).toBeGreaterThan(subject!.y);
  await checkPage(page, testInfo, 'ticket-phone-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await checkPage(page, testInfo, 'ticket-phone');

  for (const screen of screens) await visit(page, screen.path, screen.ready);
});
