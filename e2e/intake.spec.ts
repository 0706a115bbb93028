import { expect, test, type Page } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

// The agent sits in New York; the desk shows and takes every time in their zone, whatever UTC says.
test.use({ timezoneId: 'America/New_York' });

/** The signed-in admin's zone back to "my browser's", whatever a test left behind: the other specs share this agent. */
test.afterEach(async ({ page }) => {
  await page.request.put('/api/v1/me/preferences', { headers: { 'X-Loopdesk-Client': 'web' }, data: { time_zone: null } });
});

type SavedTicket = {
  due_date: string | null;
  customer: { id: number } | null;
  assigned_agent: { id: number } | null;
  department: { name: string } | null;
  category: { name: string } | null;
  tags: string[];
  custom_fields: Record<string, unknown>;
};

const savedTicket = (page: Page, id: number) => apiCall<SavedTicket>(page.request, 'GET', `/tickets/${id}`);

test('due dates are shown and typed in the agent’s own time zone, the browser’s until the profile says otherwise', async ({ page, request }) => {
  const run = Date.now();
  // 22:01Z on 1 July is 6:01 PM in New York (EDT, UTC−4).
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: `Zone check ${run}`, due_date: '2027-07-01T22:01:00Z' });

  await page.goto('/tickets?view=all&sort=created_at');
  await expect(page.getByTestId('ticket-row').filter({ hasText: `Zone check ${run}` })).toContainText('Jul 1, 2027, 6:01 PM');

  await page.goto(`/tickets/${ticket.id}`);
  const panel = page.getByRole('complementary', { name: 'Properties' });
  const due = panel.getByLabel('Due');
  await expect(due).toHaveValue('2027-07-01T18:01');
  await expect(panel.getByText('America/New_York')).toBeVisible();

  await due.fill('2027-07-02T09:00');
  await due.blur();
  await expect
    .poll(async () => {
      const saved = await savedTicket(page, ticket.id);
      return saved.due_date && Date.parse(saved.due_date);
    })
    .toBe(Date.parse('2027-07-02T13:00:00Z'));

  // London is UTC+1 in July: the same instant reads 14:00 there.
  await page.goto('/profile');
  await expect(page.getByRole('combobox', { name: 'Time zone' })).toHaveValue('');
  await page.getByRole('combobox', { name: 'Time zone' }).selectOption('Europe/London');
  await expect(page.getByText('Time zone saved.')).toBeVisible();
  await page.goto(`/tickets/${ticket.id}`);
  await expect(panel.getByLabel('Due')).toHaveValue('2027-07-02T14:00');
  await expect(panel.getByText('Europe/London')).toBeVisible();
  await page.goto('/tickets?view=all&sort=created_at');
  await expect(page.getByTestId('ticket-row').filter({ hasText: `Zone check ${run}` })).toContainText('Jul 2, 2027, 2:00 PM');
});

test('the properties panel shows no made-up values while its lists load', async ({ page, request }) => {
  const run = Date.now();
  const department = await apiCall(request, 'POST', '/departments', { name: `Waiting room ${run}` });
  const agents = await apiCall<{ id: number; email: string }[]>(request, 'GET', '/agents?per_page=100');
  const admin = agents.find((a) => a.email === process.env.E2E_ADMIN_EMAIL);
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: `Slow lists ${run}`, department_id: department.id, assigned_agent_id: admin!.id });

  // The lists are held back until the panel has been looked at.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/v1\/(agents|departments|categories)(\?|$)/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`/tickets/${ticket.id}`);
  const panel = page.getByRole('complementary', { name: 'Properties' });
  await expect(panel.getByLabel('Assignee')).toBeDisabled();
  await expect(panel.getByLabel('Assignee').locator('option:checked')).toHaveText('Ada Admin');
  await expect(panel.getByLabel('Department')).toBeDisabled();
  await expect(panel.getByLabel('Department').locator('option:checked')).toHaveText(`Waiting room ${run}`);
  await expect(panel.getByLabel('Category')).toBeDisabled();
  release();
  await expect(panel.getByLabel('Assignee')).toBeEnabled();
  await expect(panel.getByLabel('Assignee').locator('option:checked')).toHaveText('Ada Admin');
  await expect(panel.getByLabel('Department').locator('option:checked')).toHaveText(`Waiting room ${run}`);
});

test('a ticket is taken in whole: requester found or created, assignee, department, category, tags, due date and custom fields', async ({
  page,
  request,
}, testInfo) => {
  const run = Date.now();
  const rita = await apiCall(request, 'POST', '/customers', { first_name: 'Rita', last_name: `Requester${run}`, email: `rita.${run}@example.com` });
  const department = await apiCall(request, 'POST', '/departments', { name: `Intake ${run}` });
  await apiCall(request, 'POST', '/categories', { name: `Hardware ${run}`, department_id: department.id });
  await apiCall(request, 'POST', '/custom-fields', { entity: 'ticket', key: `asset_${run}`, label: `Asset tag ${run}`, type: 'text' });

  // A customer's profile starts a ticket for them.
  await page.goto(`/customers/${rita.id}`);
  await page.getByRole('link', { name: 'New ticket' }).click();
  await expect(page).toHaveURL(new RegExp(`/tickets/new\\?customer_id=${rita.id}$`));
  const requester = page.getByRole('combobox', { name: 'Requester' });
  await expect(requester).toHaveValue(`Rita Requester${run}`);

  // Someone new: created on the spot, the API's field errors shown on the field.
  await requester.fill(`Nora Newcomer${run}`);
  await expect(requester).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('option', { name: `Create customer “Nora Newcomer${run}”` })).toBeVisible();
  await checkPage(page, testInfo, 'new-ticket-requester-open');
  await requester.press('ArrowDown');
  await requester.press('Enter');
  const newCustomer = page.getByRole('group', { name: 'New customer' });
  await expect(newCustomer.getByLabel('Name')).toHaveValue(`Nora Newcomer${run}`);
  await newCustomer.getByLabel('Email').fill(`rita.${run}@example.com`);
  await newCustomer.getByRole('button', { name: 'Add customer' }).click();
  await expect(newCustomer.getByText(/already/i)).toBeVisible();
  await newCustomer.getByLabel('Email').fill(`nora.${run}@example.com`);
  await newCustomer.getByRole('button', { name: 'Add customer' }).click();
  await expect(requester).toHaveValue(`Nora Newcomer${run}`);

  // Back to Rita, found by typing and chosen with the keyboard.
  await requester.fill(`Requester${run}`);
  await expect(page.getByRole('option', { name: new RegExp(`Rita Requester${run}`) })).toBeVisible();
  await requester.press('ArrowDown');
  await requester.press('Enter');
  await expect(requester).toHaveValue(`Rita Requester${run}`);
  await expect(requester).toHaveAttribute('aria-expanded', 'false');

  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByText('Subject must not be blank')).toBeVisible();
  await page.getByLabel('Subject').fill(`Broken laptop ${run}`);
  await page.getByLabel('Assignee').selectOption({ label: 'Ada Admin' });
  await page.getByLabel('Department').selectOption({ label: `Intake ${run}` });
  await page.getByLabel('Category').selectOption({ label: `Hardware ${run}` });
  await page.getByLabel('Tags').fill('laptop, Urgent-Fix');
  await page.getByLabel('Due').fill('2027-07-02T09:00');
  await expect(page.getByText('America/New_York')).toBeVisible();
  await page.getByLabel(`Asset tag ${run}`).fill('LT-42');
  await checkPage(page, testInfo, 'new-ticket-filled');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'new-ticket-filled-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { name: `Broken laptop ${run}` })).toBeVisible();

  const id = Number(new URL(page.url()).pathname.split('/').at(-1));
  const created = await savedTicket(page, id);
  expect(created).toMatchObject({
    customer: { id: rita.id },
    department: { name: `Intake ${run}` },
    category: { name: `Hardware ${run}` },
    tags: ['laptop', 'urgent-fix'],
    custom_fields: { [`asset_${run}`]: 'LT-42' },
  });
  expect(created.assigned_agent).not.toBeNull();
  expect(Date.parse(created.due_date!)).toBe(Date.parse('2027-07-02T13:00:00Z'));

  // The requester is changed on the ticket with the same picker.
  const panelRequester = page.getByRole('complementary', { name: 'Properties' }).getByRole('combobox', { name: 'Requester' });
  await expect(panelRequester).toHaveValue(`Rita Requester${run}`);
  await panelRequester.fill(`Newcomer${run}`);
  await page.getByRole('option', { name: new RegExp(`Nora Newcomer${run}`) }).click();
  await expect.poll(async () => (await savedTicket(page, id)).customer?.id).not.toBe(rita.id);
  await expect(panelRequester).toHaveValue(`Nora Newcomer${run}`);
});
