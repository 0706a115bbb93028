import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgent } from '@/lib/test/factories';
import { sessionCookie } from '@/lib/test/session';
import AgentReportPage from './agents/[id]/page';
import ReportsPage from './page';

/**
 * The report pages read their period from the URL and build a series of one entry per day, so
 * they refuse what GET /reports/team refuses, and say why, instead of building a huge series.
 */
let agentId: number;

// The request the pages see: a browser with a live session, unless a test takes it away.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock('next/headers', () => ({ headers: async () => request.headers }));

beforeAll(async () => {
  agentId = (await createAgent({ first_name: 'Sarah', last_name: 'Pages' })).id;
  request.headers = new Headers({ cookie: await sessionCookie(agentId) });
});

const searchParams = (start_date: string, end_date: string) => Promise.resolve({ start_date, end_date });
const teamPage = async (start: string, end: string) => renderToStaticMarkup(await ReportsPage({ searchParams: searchParams(start, end) }));
const agentPage = async (start: string, end: string) =>
  renderToStaticMarkup(await AgentReportPage({ params: Promise.resolve({ id: String(agentId) }), searchParams: searchParams(start, end) }));

describe('the report pages', () => {
  it('send a browser without a live session to sign in before reading anything', async () => {
    const signedIn = request.headers;
    request.headers = new Headers();
    try {
      await expect(ReportsPage({ searchParams: searchParams('2026-01-01', '2026-01-31') })).rejects.toThrow('NEXT_REDIRECT');
      await expect(
        AgentReportPage({ params: Promise.resolve({ id: String(agentId) }), searchParams: searchParams('2026-01-01', '2026-01-31') }),
      ).rejects.toThrow('NEXT_REDIRECT');
    } finally {
      request.headers = signedIn;
    }
  });

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
