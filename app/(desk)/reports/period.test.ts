import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '@/lib/test/factories';
import AgentReportPage from './agents/[id]/page';
import ReportsPage from './page';

/**
 * The report pages read their period from the URL and build a series of one entry per day, so
 * they refuse what GET /reports/team refuses, and say why, instead of building a huge series.
 */
let agentId: number;

beforeAll(async () => {
  agentId = (await createAgent({ firstName: 'Sarah', lastName: 'Pages' })).id;
});

const searchParams = (start_date: string, end_date: string) => Promise.resolve({ start_date, end_date });
const teamPage = async (start: string, end: string) => renderToStaticMarkup(await ReportsPage({ searchParams: searchParams(start, end) }));
const agentPage = async (start: string, end: string) =>
  renderToStaticMarkup(await AgentReportPage({ params: Promise.resolve({ id: String(agentId) }), searchParams: searchParams(start, end) }));

describe('the report pages', () => {
  it.each([
    ['a period over 366 days', '2000-01-01', '2030-12-31', 'The period may span at most 366 days'],
    ['dates outside 2000–2100', '0001-01-01', '9999-12-31', 'Report dates must be between 2000-01-01 and 2100-12-31'],
    ['a date that is not one', 'soon', '2025-08-01', 'Must be an ISO 8601 date or date-time'],
  ])('show the team report refusing %s, with a way back to the last 30 days', async (_what, start, end, reason) => {
    const html = await teamPage(start, end);
    expect(html).toContain('role="alert"');
    expect(html).toContain(reason);
    expect(html).toContain('href="/reports"');
  });

  it.each([
    ['a period over 366 days', '2000-01-01', '2030-12-31', 'The period may span at most 366 days'],
    ['dates outside 2000–2100', '0001-01-01', '9999-12-31', 'Report dates must be between 2000-01-01 and 2100-12-31'],
    ['a date that is not one', 'soon', '2025-08-01', 'Must be an ISO 8601 date or date-time'],
  ])("show an agent's report refusing %s, with a way back to the last 30 days", async (_what, start, end, reason) => {
    const html = await agentPage(start, end);
    expect(html).toContain('role="alert"');
    expect(html).toContain(reason);
    expect(html).toContain(`href="/reports/agents/${agentId}"`);
  });
});
