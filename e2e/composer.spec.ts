import { expect, test } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

// A 1×1 PNG and the smallest PDF header: enough for a thumbnail and a preview frame.
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n').toString('base64');

test('an agent formats a reply, previews attachments, resolves and moves to the next ticket', async ({ page, request }, testInfo) => {
  const ticket = await apiCall(request, 'POST', '/tickets', { subject: 'Router keeps rebooting', description: 'It restarts every hour.' });
  await apiCall(request, 'POST', `/tickets/${ticket.id}/replies`, {
    content: 'Screenshots attached',
    attachments: [
      { filename: 'screen.png', content: png },
      { filename: 'manual.pdf', content: pdf },
    ],
  });

  await page.goto('/tickets?sort=created_at');
  await page.getByTestId('ticket-row').getByRole('link', { name: 'Router keeps rebooting' }).click();
  await expect(page.getByRole('heading', { name: 'Router keeps rebooting' })).toBeVisible();

  // r puts the cursor in the reply; the toolbar and Ctrl+K write Markdown; Ctrl+Enter sends.
  await page.keyboard.press('r');
  const reply = page.getByLabel('Reply to the customer');
  await expect(reply).toBeFocused();
  await page.getByRole('button', { name: 'Bold' }).click();
  await page.keyboard.type('Restart');
  await page.keyboard.press('End');
  await page.keyboard.type(' the router');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Bulleted list' }).click();
  await page.keyboard.type('Unplug it');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Read docs');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Control+k');
  await page.keyboard.type('https://example.com/guide');
  await expect(reply).toHaveValue('**Restart** the router\n- Unplug it\n\nRead [docs](https://example.com/guide)');
  await page.keyboard.press('Control+Enter');

  const sent = page.getByTestId('public-message').filter({ hasText: 'Unplug it' });
  await expect(sent.locator('strong')).toHaveText('Restart');
  await expect(sent.getByRole('listitem')).toHaveText('Unplug it');
  await expect(sent.getByRole('link', { name: 'docs' })).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  await expect(reply).toHaveValue('');

  // An image shows as a thumbnail that opens full size; Escape closes and the focus comes back.
  const files = page.getByTestId('public-message').filter({ hasText: 'Screenshots attached' });
  await files.scrollIntoViewIfNeeded();
  const thumbnail = files.getByRole('button', { name: 'Open screen.png' });
  await expect(thumbnail.getByRole('img', { name: 'screen.png' })).toBeVisible();
  await thumbnail.click();
  await expect(page.getByRole('dialog', { name: 'screen.png' }).getByRole('img', { name: 'screen.png' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(thumbnail).toBeFocused();

  await files.getByRole('button', { name: 'Preview manual.pdf' }).click();
  const preview = page.getByRole('dialog', { name: 'manual.pdf' });
  await expect(preview.locator('iframe[title="manual.pdf (PDF preview)"]')).toHaveAttribute('src', /^blob:/);
  await checkPage(page, testInfo, 'ticket-pdf-preview-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await checkPage(page, testInfo, 'ticket-pdf-preview-dark');
  await preview.getByRole('button', { name: 'Close' }).click();

  // ? lists the ticket's keys (Escape closes the list and stays on the ticket); n starts an internal note.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Internal note');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.keyboard.press('n');
  await expect(page.getByLabel('Internal note for agents')).toBeFocused();
  // Keys never fire while typing: leave the field first.
  await page.keyboard.press('Shift+Tab');

  // e focuses the status; resolving offers the next ticket of the inbox list.
  await page.keyboard.press('e');
  const status = page.getByRole('complementary', { name: 'Properties' }).getByLabel('Status');
  await expect(status).toBeFocused();
  await status.selectOption('resolved');
  await page.getByRole('link', { name: 'Next ticket →' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
  await expect(page).toHaveURL(/\/tickets\/\d+$/);
  await expect(page.locator('#ticket-subject')).toBeVisible();
  await expect(page.locator('#ticket-subject')).not.toHaveText('Router keeps rebooting');
  // Escape goes back to the inbox list the agent came from (created_at is its default sort, so the URL says nothing more).
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/\/tickets$/);
  await expect(page.getByTestId('ticket-row').first()).toBeVisible();
});
