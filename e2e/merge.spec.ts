import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

type Ticket = { id: number; number: string; replies: { content: string }[] };

test('an agent merges a duplicate into the original, sees its replies there, and undoes it', async ({ page, request }, testInfo) => {
  const target = await apiCall<Ticket>(request, 'POST', '/tickets', { subject: 'Kestrel printer jams on every page' });
  await apiCall(request, 'POST', `/tickets/${target.id}/replies`, { content: 'Have you tried the other tray?' });
  const duplicate = await apiCall<Ticket>(request, 'POST', '/tickets', { subject: 'Kestrel printer jams again', description: 'Same printer, still jamming.' });
  await apiCall(request, 'POST', `/tickets/${duplicate.id}/replies`, { content: 'Sent from the duplicate thread' });

  await page.goto(`/tickets/${duplicate.id}`);
  const open = page.getByRole('button', { name: 'Merge into…' });
  // Keyboard: Enter opens the dialog on its search field, Escape closes it and the focus comes back.
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Merge ${duplicate.number} into…` });
  await expect(dialog.getByLabel('Find the ticket to keep')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  await open.click();
  await dialog.getByLabel('Find the ticket to keep').fill('Kestrel');
  const choice = dialog.getByRole('radio', { name: new RegExp(target.number) });
  await choice.check();
  await expect(dialog.getByTestId('merge-summary')).toContainText(`Merge ${duplicate.number} into ${target.number} «Kestrel printer jams on every page»`);
  await checkPage(page, testInfo, 'merge-dialog');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'merge-dialog-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

  // The original now holds the duplicate's conversation, with a note of where it came from.
  await expect(page).toHaveURL(new RegExp(`/tickets/${target.id}\\?merged=${duplicate.id}$`));
  const notice = page.getByRole('status').filter({ hasText: `Merged ${duplicate.number} into this ticket` });
  await expect(notice).toBeVisible();
  await expect(page.getByTestId('public-message').filter({ hasText: 'Sent from the duplicate thread' })).toBeVisible();
  await expect(page.getByTestId('internal-note').filter({ hasText: `Merged from ${duplicate.number}` })).toBeVisible();
  await checkPage(page, testInfo, 'merge-notice');

  // The duplicate, opened, says where it went.
  await page.goto(`/tickets/${duplicate.id}`);
  await expect(page.getByRole('link', { name: target.number })).toBeVisible();
  await expect(page.getByText('its conversation continues there')).toBeVisible();
  await page.goBack();

  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${duplicate.id}$`));
  await expect(page.getByTestId('public-message').filter({ hasText: 'Sent from the duplicate thread' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Merge into…' })).toBeVisible();
  const original = await apiCall<Ticket>(request, 'GET', `/tickets/${target.id}`);
  expect(original.replies.map((r) => r.content)).toEqual(['Have you tried the other tray?']);
});
