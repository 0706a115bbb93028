import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

type Report = {
  period: { start: string; end: string };
  daily: { created: number; resolved: number }[];
  backlog: { by_status: Record<string, number> };
  agents: { agent: { id: number; name: string }; metrics: Record<string, string | number | null> }[];
};

test('the team report shows the numbers of the reports API, exports them as CSV, and links to each agent', async ({ page, request }, testInfo) => {
  // A ticket resolved now while assigned, so that the period has a resolution and its agent a first-contact share.
  const [agent] = await apiCall<{ id: number }[]>(request, 'GET', '/agents?status=active&per_page=1');
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: `Report fixture ${Date.now()}`, assigned_agent_id: agent!.id });
  await apiCall(request, 'PUT', `/tickets/${ticket.id}`, { status: 'resolved' });

  await page.goto('/reports');
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeVisible();
  const report = await apiCall<Report>(request, 'GET', '/reports/team');
  const created = report.daily.reduce((n, d) => n + d.created, 0);
  const resolved = report.daily.reduce((n, d) => n + d.resolved, 0);
  expect(resolved).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('summary-tickets-created')).toHaveText(String(created));
  await expect(page.getByTestId('summary-tickets-resolved')).toHaveText(String(resolved));
  await expect(page.getByTestId('summary-open-now')).toHaveText(String(Object.values(report.backlog.by_status).reduce((a, b) => a + b, 0)));
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  // Ratings run from 1 to 5, so the satisfaction axis reaches 5 whatever the period's averages were.
  const satisfactionAxis = page
    .locator('figure')
    .filter({ hasText: 'Customer satisfaction' })
    .locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await expect(satisfactionAxis.last()).toHaveText('5');
  // Daily counts are joined by straight segments: a smoothed curve would draw values between days that never happened.
  const daily = page.locator('figure').filter({ hasText: 'Created and resolved per day' }).locator('.recharts-line-curve');
  await expect(daily).toHaveCount(2);
  for (const d of await daily.evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) expect(d).not.toMatch(/C/);

  const rows = page.getByTestId('agent-row');
  await expect(rows).toHaveCount(report.agents.length);
  for (const [i, row] of report.agents.entries()) {
    await expect(rows.nth(i)).toContainText(row.agent.name);
    await expect(rows.nth(i).getByRole('cell').nth(2)).toHaveText(String(row.metrics.tickets_resolved));
  }
  // First-contact resolution is a share (0.5 in the API): people read it as a percentage.
  const withShare = report.agents.findIndex((r) => typeof r.metrics.first_contact_resolution === 'number');
  expect(withShare).toBeGreaterThanOrEqual(0);
  const share = report.agents[withShare]!.metrics.first_contact_resolution as number;
  await expect(rows.nth(withShare).getByRole('cell').nth(5)).toHaveText(`${Math.round(share * 100)}%`);
  await checkPage(page, testInfo, 'reports');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  });
  const lines = csv.trim().split('\n');
  expect(lines[0]).toBe(
    'agent_id,agent,tickets_handled,tickets_resolved,average_response_time,average_resolution_time,first_contact_resolution,customer_satisfaction,reopened_tickets,average_response_time_seconds,average_resolution_time_seconds',
  );
  expect(lines).toHaveLength(report.agents.length + 1);

  const first = report.agents[0]!;
  await rows.first().getByRole('link', { name: first.agent.name }).click();
  await expect(page.getByRole('heading', { name: first.agent.name })).toBeVisible();
  const own = await apiCall<{ metrics: Record<string, string | number | null> }>(
    request,
    'GET',
    `/agents/${first.agent.id}/performance?start_date=${report.period.start.slice(0, 10)}&end_date=${report.period.end.slice(0, 10)}`,
  );
  await expect(page.getByTestId('metric-tickets_resolved')).toHaveText(String(own.metrics.tickets_resolved));
  await expect(page.getByTestId('metric-tickets_handled')).toHaveText(String(own.metrics.tickets_handled));
  const ownShare = own.metrics.first_contact_resolution;
  await expect(page.getByTestId('metric-first_contact_resolution')).toHaveText(typeof ownShare === 'number' ? `${Math.round(ownShare * 100)}%` : '—');
  await checkPage(page, testInfo, 'agent-report');
});
