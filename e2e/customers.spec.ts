import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

type Customer = { id: number; organization: string | null; address: Record<string, string | null>; preferences: Record<string, unknown> };

test('an agent adds a customer, finds them by search, edits them and sees their tickets', async ({ page, request }, testInfo) => {
  // Unique to the run, so that a retry on the same database finds only its own customers.
  const run = Date.now().toString(36);
  const surname = `Lovelace-${run}`;
  const taken = `taken-${run}@example.com`;
  await apiCall(request, 'POST', '/customers', { first_name: 'Charles', last_name: `Babbage-${run}`, email: taken });

  // Until the first answer, the list says it is loading, never that there are no customers.
  let releaseList!: () => void;
  const listHeld = new Promise<void>((resolve) => {
    releaseList = resolve;
  });
  const customerList = (url: URL) => url.pathname === '/api/v1/customers';
  await page.route(customerList, async (route) => {
    await listHeld;
    await route.continue();
  });
  await page.goto('/customers');
  await expect(page.getByRole('status').filter({ hasText: 'Loading customers' })).toBeVisible();
  await expect(page.getByText(/No customers/)).toHaveCount(0);
  releaseList();
  await page.getByRole('link', { name: 'New customer' }).click();
  await expect(page.getByRole('heading', { name: 'New customer' })).toBeVisible();

  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill(surname);
  // An email left empty is missing, not malformed.
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(email).toHaveAccessibleDescription('Email address is required');
  await email.fill('ada at example');
  await page.getByLabel('Organization').fill('Analytical Engines');
  await page.getByLabel('City').fill('London');
  await page.getByLabel('Time zone').fill('Europe/London');
  await page.getByRole('button', { name: 'Create customer' }).click();

  // Checked in the browser with the API's own schema and words, before anything is sent.
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Email format is invalid');
  await expect(email).toBeFocused();

  // Only the server knows that the address is taken (in any case): its message is shown on the field.
  await email.fill(taken.toUpperCase());
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(email).toHaveAccessibleDescription(`A customer with email ${taken.toUpperCase()} already exists`);
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible();
  await checkPage(page, testInfo, 'new-customer-form-with-errors');

  await email.fill(`ada-${run}@example.com`);
  await page.getByRole('button', { name: 'Create customer' }).click();
  await expect(page.getByRole('heading', { name: `Ada ${surname}` })).toBeVisible();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  const id = Number(/\/customers\/(\d+)$/.exec(page.url())![1]);

  const signIn = await apiCall(request, 'POST', '/tickets', { subject: `Cannot sign in ${run}`, customer_id: id, priority: 'high' });
  await apiCall(request, 'POST', '/tickets', { subject: `Invoice question ${run}`, customer_id: id, status: 'pending' });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  const rows = page.getByTestId('customer-row');
  // The rows come from the API, so the page is live (and `/` is listened for) once they show.
  await expect(rows.first()).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await page.keyboard.type(surname);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]search=${surname}`));
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(`ada-${run}@example.com`);
  await expect(rows).toContainText('Analytical Engines');
  await expect(rows.getByRole('cell').nth(3)).toHaveText('2');
  await checkPage(page, testInfo, 'customer-list');

  await rows.getByRole('link', { name: `Ada ${surname}` }).click();
  await expect(page.getByRole('heading', { name: `Ada ${surname}` })).toBeVisible();
  const details = page.getByRole('complementary', { name: 'Details' });
  await expect(details.getByRole('region', { name: 'Address' })).toContainText('London');
  await expect(details.getByRole('region', { name: 'Preferences' })).toContainText('Europe/London');
  const tickets = page.getByRole('region', { name: 'Tickets', exact: true });
  const signInRow = tickets.getByRole('row').filter({ hasText: `Cannot sign in ${run}` });
  await expect(signInRow).toContainText('Open');
  await expect(signInRow).toContainText('High');
  await expect(signInRow.getByRole('link', { name: `Cannot sign in ${run}` })).toHaveAttribute('href', `/tickets/${signIn.id}`);
  await expect(tickets.getByRole('row').filter({ hasText: `Invoice question ${run}` })).toContainText('Pending');
  await expect(tickets.getByRole('navigation', { name: 'Ticket pages' })).toContainText('2 tickets');
  await checkPage(page, testInfo, 'customer-profile');

  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(/[?&]edit=1/);
  await expect(page.getByLabel('First name')).toBeFocused();
  await expect(page.getByLabel('City')).toHaveValue('London');
  await checkPage(page, testInfo, 'customer-edit-form');
  await page.getByLabel('Organization').fill('Difference Engines Ltd');
  await page.getByLabel('City').fill('');
  await page.getByLabel('Country').fill('United Kingdom');
  await page.getByRole('button', { name: 'Save changes' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit', exact: true })).toBeFocused();
  await expect(details.getByRole('region', { name: 'Contact details' })).toContainText('Difference Engines Ltd');
  await expect(details.getByRole('region', { name: 'Address' })).toContainText('United Kingdom');
  await expect(details.getByRole('region', { name: 'Address' })).not.toContainText('London');
  const saved = await apiCall<Customer>(request, 'GET', `/customers/${id}`);
  expect(saved).toMatchObject({
    organization: 'Difference Engines Ltd',
    address: { city: null, country: 'United Kingdom' },
    preferences: { timezone: 'Europe/London' },
  });

  // The search is in the URL: it can be bookmarked, and shows the edit.
  await page.goto(`/customers?search=${surname}`);
  await expect(page.getByRole('searchbox', { name: 'Search customers' })).toHaveValue(surname);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('Difference Engines Ltd');
});

test('customer details are shown as text: no HTML a customer gave ever runs', async ({ page, request }) => {
  const run = Date.now().toString(36);
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  await apiCall(request, 'POST', '/custom-fields', { entity: 'customer', key: `tier_${run}`, label: `Tier ${run}`, type: 'text' });
  const customer = await apiCall(request, 'POST', '/customers', {
    custom_fields: { [`tier_${run}`]: 'Gold' },
    first_name: `Eve ${payload}`,
    last_name: run,
    email: `eve-${run}@example.com`,
    organization: `Org ${payload}`,
    address: { street: `Street ${payload}` },
  });

  await page.goto(`/customers?search=${run}`);
  await expect(page.getByRole('link', { name: `Eve ${payload} ${run}` })).toBeVisible();
  await expect(page.getByTestId('customer-row')).toContainText(`Org ${payload}`);
  // Until the field definitions arrive, the custom fields say they are loading, never a bare key for a label.
  let releaseFields!: () => void;
  const fieldsHeld = new Promise<void>((resolve) => {
    releaseFields = resolve;
  });
  await page.route(
    (url) => url.pathname === '/api/v1/custom-fields',
    async (route) => {
      await fieldsHeld;
      await route.continue();
    },
  );
  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByRole('heading', { name: `Eve ${payload} ${run}` })).toBeVisible();
  await expect(page.getByText(`Street ${payload}`)).toBeVisible();
  const customFields = page.getByRole('region', { name: 'Custom fields' });
  await expect(customFields.getByRole('status')).toHaveText('Loading…');
  await expect(customFields).not.toContainText(`tier_${run}`);
  releaseFields();
  await expect(customFields).toContainText(`Tier ${run}Gold`);

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
});
