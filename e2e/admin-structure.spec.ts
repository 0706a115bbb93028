import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

test('an admin adds, renames and deletes departments and categories; one tickets use is refused in the API’s words', async ({ page, request }, testInfo) => {
  // Unique to the run, so that a retry on the same database finds only its own records.
  const run = Date.now().toString(36);
  const used = await apiCall(request, 'POST', '/departments', { name: `Used ${run}` });
  await apiCall(request, 'POST', '/tickets', { subject: `Filed ${run}`, department_id: used.id });

  await page.goto('/admin/structure');
  const usedCard = page.getByRole('region', { name: `Used ${run}` });
  await expect(usedCard).toContainText('1 ticket');
  await checkPage(page, testInfo, 'admin-structure');

  await page.getByLabel('New department', { exact: true }).fill(`Billing ${run}`);
  await page.getByRole('button', { name: 'Add department' }).click();
  const billing = page.getByRole('region', { name: `Billing ${run}` });
  await expect(billing.getByRole('heading', { name: `Billing ${run}` })).toBeVisible();
  await expect(page.getByLabel('New department', { exact: true })).toHaveValue('');

  await billing.getByLabel(`New category in Billing ${run}`).fill(`Refunds ${run}`);
  await billing.getByRole('button', { name: 'Add category' }).click();
  await expect(billing.getByTestId('category').filter({ hasText: `Refunds ${run}` })).toContainText('0 tickets');

  // Renamed in place: Enter saves.
  await billing.getByRole('button', { name: `Rename department Billing ${run}` }).click();
  const nameBox = billing.getByLabel(`New name for Billing ${run}`);
  await expect(nameBox).toBeFocused();
  await nameBox.fill(`Billing and refunds ${run}`);
  await nameBox.press('Enter');
  const renamed = page.getByRole('region', { name: `Billing and refunds ${run}` });
  await expect(renamed.getByRole('heading', { name: `Billing and refunds ${run}` })).toBeVisible();
  await expect(renamed.getByTestId('category')).toContainText(`Refunds ${run}`);

  // Tickets still use this one: the API's refusal is shown beside it, and it stays.
  await usedCard.getByRole('button', { name: `Delete department Used ${run}` }).click();
  const confirm = page.getByRole('dialog', { name: `Delete the department “Used ${run}”?` });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checkPage(page, testInfo, 'admin-structure-confirm-delete');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(usedCard.getByRole('alert')).toHaveText(`Department "Used ${run}" is used by 1 ticket; move it to another department first`);
  await expect(usedCard.getByRole('heading', { name: `Used ${run}` })).toBeVisible();
  await checkPage(page, testInfo, 'admin-structure-refused');

  // An unused one goes; its category stays, without a department.
  await renamed.getByRole('button', { name: `Delete department Billing and refunds ${run}` }).click();
  await page
    .getByRole('dialog', { name: `Delete the department “Billing and refunds ${run}”?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(renamed).toHaveCount(0);
  await expect(
    page
      .getByRole('region', { name: 'Categories without a department' })
      .getByTestId('category')
      .filter({ hasText: `Refunds ${run}` }),
  ).toBeVisible();
  const departments = await apiCall<{ name: string }[]>(request, 'GET', '/departments?per_page=100');
  expect(departments.map((d) => d.name)).toContain(`Used ${run}`);
  expect(departments.map((d) => d.name)).not.toContain(`Billing and refunds ${run}`);
});

test('an admin defines a ticket select field, moves it up, and it shows in a ticket’s Properties panel', async ({ page, request }, testInfo) => {
  const run = Date.now().toString(36);
  // The field defined below goes after this one, so moving it up puts it before this one.
  await apiCall(request, 'POST', '/custom-fields', { entity: 'ticket', key: `seeded_${run}`, label: `Seeded ${run}`, type: 'text' });
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: `Fields ${run}` });

  await page.goto('/admin/custom-fields');
  const ticketFields = page.getByRole('region', { name: 'Tickets', exact: true });
  const rows = ticketFields.getByTestId('ticket-field-row');
  await expect(rows.filter({ hasText: `Seeded ${run}` })).toBeVisible();
  await checkPage(page, testInfo, 'admin-custom-fields');

  await ticketFields.getByRole('button', { name: 'New ticket field' }).click();
  const form = page.getByRole('form', { name: 'New custom field' });
  await expect(form.getByRole('combobox', { name: 'For', exact: true })).toHaveValue('ticket');
  await form.getByLabel('Type').selectOption('select');
  await form.getByLabel('Key').fill(`plan_${run}`);
  await form.getByRole('textbox', { name: 'Label', exact: true }).fill(`Plan ${run}`);
  await form.getByRole('button', { name: 'Create field' }).click();
  // Checked in the browser with the API's own schema and words.
  const options = form.getByLabel('Options');
  await expect(options).toHaveAttribute('aria-invalid', 'true');
  await expect(options).toHaveAccessibleDescription(/Options must have at least 1 item/);
  await checkPage(page, testInfo, 'admin-new-custom-field');
  await options.fill('Basic\nPro\n');
  await form.getByRole('button', { name: 'Create field' }).click();
  await expect(form).toHaveCount(0);

  const plan = rows.filter({ hasText: `Plan ${run}` });
  await expect(plan).toContainText('Basic, Pro');
  const labels = () => rows.locator('td:nth-child(2)').allTextContents();
  const planAfterSeeded = async () => {
    const list = await labels();
    return list.indexOf(`Plan ${run}`) - list.indexOf(`Seeded ${run}`);
  };
  await expect.poll(planAfterSeeded).toBe(1);
  await ticketFields.getByRole('button', { name: `Move Plan ${run} up` }).click();
  await expect.poll(planAfterSeeded).toBe(-1);
  const saved = await apiCall<{ key: string; position: number }[]>(request, 'GET', '/custom-fields?entity=ticket&per_page=100');
  const position = (key: string) => saved.find((d) => d.key === key)!.position;
  expect(position(`plan_${run}`)).toBeLessThan(position(`seeded_${run}`));

  await page.goto(`/tickets/${ticket.id}`);
  const panel = page.getByRole('complementary', { name: 'Properties' });
  const planField = panel.getByLabel(`Plan ${run}`);
  await expect(planField).toBeVisible();
  await expect(planField.locator('option')).toHaveText(['Not set', 'Basic', 'Pro']);
  const panelLabels = await panel.locator('label').allTextContents();
  expect(panelLabels.indexOf(`Plan ${run}`)).toBeLessThan(panelLabels.indexOf(`Seeded ${run}`));

  // Removed again after a confirmation, so later tests see only their own fields.
  await page.goto('/admin/custom-fields');
  for (const label of [`Plan ${run}`, `Seeded ${run}`]) {
    await rows
      .filter({ hasText: label })
      .getByRole('button', { name: `Delete ${label}` })
      .click();
    await page
      .getByRole('dialog', { name: `Delete the field “${label}”?` })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect(rows.filter({ hasText: label })).toHaveCount(0);
  }
});
