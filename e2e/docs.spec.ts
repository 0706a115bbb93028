import { expect, test } from '@playwright/test';

test('the API reference renders from the document, and Try it lists tickets as the signed-in agent', async ({ page }) => {
  await page.goto('/docs');
  await expect(page.getByRole('heading', { name: 'Loopdesk API reference' })).toBeVisible();
  const listTickets = page.locator('#operations-tickets-listTickets');
  await listTickets.locator('.opblock-summary-control').click();
  await listTickets.getByRole('button', { name: 'Try it out' }).click();
  await listTickets.getByRole('button', { name: 'Execute' }).click();

  const answer = listTickets.locator('.live-responses-table .response');
  await expect(answer.locator('.response-col_status')).toHaveText('200');
  await expect(answer.locator('.response-col_description')).toContainText('"success": true');
});
