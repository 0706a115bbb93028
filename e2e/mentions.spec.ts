import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

test('an agent mentioned in a note sees the bell count rise live and follows it to the ticket', async ({ page, browser, request }, testInfo) => {
  const stamp = Date.now();
  const name = `Mira Quill${stamp}`;
  const email = `mira.${stamp}@example.com`;
  await apiCall(request, 'POST', '/agents', { first_name: 'Mira', last_name: `Quill${stamp}`, email, password: 'correct horse battery' });
  const ticket = await apiCall<{ id: number; number: string }>(request, 'POST', '/tickets', { subject: `Printer on fire ${stamp}` });

  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const mira = await other.newPage();
  await mira.goto('/login');
  await mira.getByLabel('Email').fill(email);
  await mira.getByLabel('Password').fill('correct horse battery');
  await mira.getByRole('button', { name: 'Sign in' }).click();
  await expect(mira.getByTestId('signed-in-as')).toHaveText(name);
  const bell = mira.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread');

  // The author picks Mira from the list `@` opens, filtered by what follows it.
  await page.goto(`/tickets/${ticket.id}`);
  await page.getByText('Internal note', { exact: true }).click();
  const note = page.getByLabel('Internal note for agents');
  await note.pressSequentially(`Can you look, @mira quill${stamp}`.slice(0, -3));
  await expect(page.getByRole('listbox', { name: 'Mention an agent' }).getByRole('option')).toHaveText([name]);
  await note.press('Enter');
  await expect(note).toHaveValue(`Can you look, @${name} `);
  await note.pressSequentially('please?');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('internal-note').locator('[data-mention]')).toHaveText(`@${name}`);

  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await bell.click();
  const panel = mira.getByRole('dialog', { name: 'Notifications' });
  const entry = panel.getByRole('link', { name: new RegExp(`mentioned you on ${ticket.number} «Printer on fire ${stamp}»`) });
  await expect(entry).toBeVisible();
  await checkPage(mira, testInfo, 'notifications-light');
  await mira.emulateMedia({ colorScheme: 'dark' });
  await checkPage(mira, testInfo, 'notifications-dark');
  await entry.click();
  await expect(mira).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
  await expect(bell).toHaveAccessibleName('Notifications, 0 unread');
  await other.close();
});
