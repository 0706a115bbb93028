import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { backdateTicketOn } from '@/lib/test/sla-backdate';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

type Ticket = {
  id: number;
  number: string;
  subject: string;
  sla: { first_response: { status: string; due_at: string | null; breached_at: string | null } | null } | null;
};
type Attainment = { met: number; breached: number; rate: number | null };

test('an agent watches an SLA breach happen on their ticket, live', async ({ page, request }, testInfo) => {
  test.setTimeout(240_000);
  const run = Date.now();
  const department = await apiCall(request, 'POST', '/departments', { name: `Escalations ${run}` });
  const policy = await apiCall<{ id: number; name: string }>(request, 'POST', '/sla-policies', {
    name: `Escalations SLA ${run}`,
    department_id: department.id,
    business_hours: null,
    targets: { urgent: { first_response_minutes: 1, resolution_minutes: null } },
  });
  const agents = await apiCall<{ id: number; email: string }[]>(request, 'GET', '/agents?per_page=100');
  const me = agents.find((a) => a.email === process.env.E2E_ADMIN_EMAIL)!;
  const calm = await apiCall<Ticket>(request, 'POST', '/tickets', { subject: `No hurry ${run}`, department_id: department.id, priority: 'low' });
  const ticket = await apiCall<Ticket>(request, 'POST', '/tickets', {
    subject: `Checkout is down ${run}`,
    department_id: department.id,
    priority: 'urgent',
    assigned_agent_id: me.id,
  });
  expect(ticket.sla).toMatchObject({ policy_id: policy.id, first_response: { status: 'running' } });

  // The department's tickets, next SLA deadline first: the urgent one, its minute counting down.
  await page.goto(`/tickets?view=all&department=${department.id}`);
  await expect(page.getByTestId('ticket-row')).toHaveCount(2);
  await page.getByLabel('Sort').selectOption({ label: 'SLA due' });
  await expect(page).toHaveURL(/sort=sla_due_at&order=asc/);
  const rows = page.getByTestId('ticket-row');
  await expect(rows.first()).toContainText(ticket.subject);
  await expect(rows.first().getByTestId('sla-badge')).toHaveText(/^\d+m left$/);
  // Which clock it is: said to a screen reader, and in the tooltip.
  await expect(rows.first()).toContainText(/First response: \d+m left/);
  await expect(rows.first().getByTestId('sla-badge')).toHaveAttribute('title', /^First response: Due /);
  await expect(rows.last()).toContainText(calm.subject);

  // At risk within the hour: the urgent ticket only; breached: none yet.
  const slaFilter = page.getByLabel('SLA', { exact: true });
  await slaFilter.selectOption({ label: 'SLA due within 1 hour' });
  await expect(page).toHaveURL(/sla=due_soon/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(ticket.subject);
  await slaFilter.selectOption({ label: 'SLA breached' });
  await expect(page.getByText('No tickets here')).toBeVisible();

  await page.goto(`/tickets/${ticket.id}`);
  const panel = page.getByRole('complementary', { name: 'Properties' });
  const sla = panel.getByRole('region', { name: 'SLA' });
  await expect(sla.getByTestId('sla-policy')).toHaveText(policy.name);
  const firstResponse = sla.getByTestId('sla-first-response');
  await expect(firstResponse.getByTestId('sla-badge')).toHaveText(/^\d+m left$/);
  await expect(firstResponse).toContainText('target 1m');
  await expect(sla.getByTestId('sla-resolution')).toContainText('No target for this priority');
  await checkPage(page, testInfo, 'ticket-sla-running');

  // The target is a minute: rather than wait it out, the ticket's past is moved back to 10 s before
  // its deadline, as if it had come in earlier; an agent tagging it then tells the desk (and the SLA
  // worker) that it changed, and from there it is the real clock that runs out.
  const secondsLeft = (Date.parse(ticket.sla!.first_response!.due_at!) - Date.now()) / 1000;
  if (secondsLeft > 10) {
    const client = postgres(process.env.E2E_DATABASE_URL!, { max: 1, onnotice: () => {} });
    await backdateTicketOn(client, ticket.id, secondsLeft - 10).finally(() => client.end());
  }
  await apiCall(request, 'PUT', `/tickets/${ticket.id}`, { tags: ['checkout'] });

  // The deadline passes: the page says so without being reloaded.
  await expect(firstResponse.getByTestId('sla-badge')).toHaveText(/^Breached/, { timeout: 40_000 });
  // The breach the server recorded, pushed to the open page: its time is the deadline's.
  const breachedAt = firstResponse.getByTestId('sla-breached-at');
  await expect(breachedAt).toBeVisible({ timeout: 15_000 });
  const recorded = await apiCall<Ticket>(request, 'GET', `/tickets/${ticket.id}`);
  expect(recorded.sla?.first_response).toMatchObject({ status: 'breached', breached_at: expect.any(String) });
  await expect(breachedAt.locator('time')).toHaveAttribute('datetime', recorded.sla!.first_response!.breached_at!);
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'ticket-sla-breached-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The bell heard both: the warning when the ticket came in under half an hour from its deadline, then the breach.
  const bell = page.getByRole('button', { name: /^Notifications, [1-9]\d* unread$/ });
  await expect(bell).toBeVisible({ timeout: 15_000 });
  await bell.click();
  const center = page.getByRole('dialog', { name: 'Notifications' });
  await expect(center.getByRole('link', { name: `SLA breached on ${ticket.number}` })).toBeVisible();
  // (Moving the deadline warned again, for the new one.)
  await expect(center.getByRole('link', { name: `SLA deadline due soon on ${ticket.number}` }).first()).toBeVisible();
  await checkPage(page, testInfo, 'notifications-sla');
  await center.getByRole('button', { name: 'Close' }).click();

  // The breached filter lives in the URL, so a saved view keeps it.
  await page.goto(`/tickets?view=all&department=${department.id}&sla=breached`);
  await expect(page.getByLabel('SLA', { exact: true })).toHaveValue('breached');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('sla-badge')).toHaveText(/^Breached/);
  await checkPage(page, testInfo, 'inbox-sla-breached');
  await page.getByRole('button', { name: '+ Save this view' }).click();
  await page.getByLabel('Name of the view').fill(`Breached escalations ${run}`);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const saved = page.getByRole('link', { name: `Breached escalations ${run}` });
  await expect(saved).toHaveAttribute('href', /sla=breached/);
  await expect(saved).toHaveAttribute('aria-current', 'page');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'inbox-sla-breached-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Answered late, and another answered at once: the report counts one of each.
  await apiCall(request, 'POST', `/tickets/${ticket.id}/replies`, { content: 'We are on it.' });
  const quick = await apiCall(request, 'POST', '/tickets', { subject: `Refund stuck ${run}`, department_id: department.id, priority: 'urgent' });
  await apiCall(request, 'POST', `/tickets/${quick.id}/replies`, { content: 'Refunded just now.' });
  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'SLA attainment' })).toBeVisible();
  const { sla: attainment } = await apiCall<{ sla: { first_response: Attainment; resolution: Attainment } }>(request, 'GET', '/reports/team');
  const { met, breached, rate } = attainment.first_response;
  expect(met).toBeGreaterThanOrEqual(1);
  expect(breached).toBeGreaterThanOrEqual(1);
  expect(rate).not.toBeNull();
  await expect(page.getByTestId('sla-first-response-rate')).toHaveText(/^\d{1,3}%$/);
  await expect(page.getByTestId('sla-first-response-counts')).toHaveText(`${met} met of ${met + breached}`);
  await checkPage(page, testInfo, 'reports-sla');
});
