import { expect, test, type Page } from '@playwright/test';
import { apiCall } from './helpers';

/** Every request a page makes to the API or the desk's stream, as `METHOD /path`. */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) seen.push(`${r.method()} ${url.pathname}`);
  });
  return seen;
}

/** Waits until a second passes without a new request (the stream stays open, so the network is never idle). */
async function settled(requests: string[]) {
  let before = -1;
  await expect
    .poll(
      () => {
        const quiet = requests.length === before;
        before = requests.length;
        return quiet;
      },
      { intervals: [1_000] },
    )
    .toBe(true);
}

test('an idle inbox and ticket ask the server nothing for an hour, and show a change made elsewhere at once', async ({ page, request }) => {
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: `Idle hour ${Date.now()}` });
  await page.clock.install();
  const requests = recordRequests(page);

  await page.goto('/tickets?view=all');
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
  await expect.poll(() => requests.filter((r) => r === 'GET /api/desk/live')).toHaveLength(1);
  await settled(requests);
  const loaded = requests.length;
  await page.clock.runFor('01:00:00');
  expect(requests.slice(loaded)).toEqual([]);

  // A change made by an integration reaches the open inbox through the stream.
  const created = await apiCall<{ id: number; subject: string }>(request, 'POST', '/tickets', { subject: `Pushed ${Date.now()}` });
  await expect(page.getByTestId('ticket-row').filter({ hasText: created.subject })).toBeVisible();

  await page.goto(`/tickets/${ticket.id}`);
  const status = page.getByRole('complementary', { name: 'Properties' }).getByLabel('Status');
  await expect(status).toHaveValue('open');
  await settled(requests);
  const opened = requests.length;
  await page.clock.runFor('01:00:00');
  expect(requests.slice(opened)).toEqual([]);
  await apiCall(request, 'PUT', `/tickets/${ticket.id}`, { status: 'pending' });
  await expect(status).toHaveValue('pending');
});

test('the tabs of one browser share one stream, and another tab takes it over when its tab closes', async ({ context, request }) => {
  const ticket = await apiCall<{ id: number; subject: string }>(request, 'POST', '/tickets', { subject: `Shared stream ${Date.now()}` });
  const first = await context.newPage();
  const second = await context.newPage();
  const streams = [recordRequests(first), recordRequests(second)];
  const opened = () => streams.flat().filter((r) => r === 'GET /api/desk/live').length;

  await first.goto('/tickets?view=all');
  await second.goto(`/tickets/${ticket.id}`);
  await expect(second.getByRole('heading', { name: ticket.subject })).toBeVisible();
  await expect.poll(opened).toBe(1);
  expect(streams[1]).not.toContain('GET /api/desk/live');

  // The second tab follows the first tab's stream.
  await apiCall(request, 'PUT', `/tickets/${ticket.id}`, { priority: 'urgent' });
  await expect(second.getByRole('complementary', { name: 'Properties' }).getByLabel('Priority')).toHaveValue('urgent');

  // The first tab closes: the second opens the stream itself and still hears of changes.
  await first.close();
  await expect.poll(() => streams[1]!.filter((r) => r === 'GET /api/desk/live').length).toBe(1);
  await apiCall(request, 'PUT', `/tickets/${ticket.id}`, { priority: 'low' });
  await expect(second.getByRole('complementary', { name: 'Properties' }).getByLabel('Priority')).toHaveValue('low');
});
