import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

// These start signed out.
test.use({ storageState: { cookies: [], origins: [] } });

test('the sign-in page is accessible and refuses a wrong password in words', async ({ page }, testInfo) => {
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftickets|\/login/);
  await checkPage(page, testInfo, 'sign-in');
  await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password.');
});

test('an agent signs in, sees their name, and signs out', async ({ page, request }) => {
  const email = `sam.${Date.now()}@example.com`;
  await apiCall(request, 'POST', '/agents', { first_name: 'Sam', last_name: 'Rivera', email, password: 'correct horse battery' });
  await page.goto('/login');
  await page.getByLabel('Email').fill(email.toUpperCase());
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Remember me for 30 days').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toHaveText('Sam Rivera');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/tickets');
  await expect(page).toHaveURL(/\/login/);
});

test('a deactivated agent cannot sign in, and is told why', async ({ page, request }) => {
  const email = `gone.${Date.now()}@example.com`;
  const agent = await apiCall(request, 'POST', '/agents', { first_name: 'Gone', last_name: 'Agent', email, password: 'correct horse battery' });
  await apiCall(request, 'PUT', `/agents/${agent.id}`, { status: 'inactive' });
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('This account has been deactivated. Ask an admin to reactivate it.');
});

async function newAgent(request: APIRequestContext, name: string) {
  const email = `${name}.${Date.now().toString(36)}@example.com`;
  await apiCall(request, 'POST', '/agents', { first_name: name, last_name: 'Tester', email, password: 'correct horse battery' });
  return email;
}

async function signIn(page: Page, email: string, options: { remember?: boolean; from?: string } = {}) {
  await page.goto(options.from ?? '/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  if (options.remember) await page.getByLabel('Remember me for 30 days').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an empty sign-in is stopped in the browser and spends none of the attempts; a wrong address is a Loopdesk 404', async ({ page, request }, testInfo) => {
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await checkPage(page, testInfo, 'not-found-signed-out');

  const email = await newAgent(request, 'Hasty');
  await page.goto('/login');
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/auth/')) sent.push(r.url());
  });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Email')).toHaveAccessibleDescription('Enter your email address');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription('Enter your password');
  await expect(page.getByLabel('Password')).toBeFocused();
  expect(sent).toEqual([]);

  // Nor does the server count an empty one: more of them than the 10 tries an email has, and the password still works.
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  for (const form of [...Array.from({ length: 11 }, () => ({ email, password: '' })), { email: '', password: 'correct horse battery' }]) {
    await page.request.post('/api/auth/callback/credentials', { form: { ...form, remember: 'false', csrfToken }, maxRedirects: 0 });
  }
  await signIn(page, email);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Hasty Tester');
});

const sessionCookieOf = async (page: Page) => (await page.context().cookies()).find((c) => c.name === 'authjs.session-token');

test('a session without "remember me" ends with the browser; with it, the cookie lasts 30 days', async ({ page, browser, request }) => {
  const email = await newAgent(request, 'Brief');
  await signIn(page, email);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Brief Tester');
  expect((await sessionCookieOf(page))?.expires).toBe(-1);

  const remembered = await browser.newPage({ storageState: { cookies: [], origins: [] } });
  await signIn(remembered, email, { remember: true });
  await expect(remembered.getByTestId('signed-in-as')).toHaveText('Brief Tester');
  expect((await sessionCookieOf(remembered))?.expires).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600);
  await remembered.close();
});

test('a copy of the session cookie kept before sign-out no longer works after it', async ({ page, request }) => {
  const email = await newAgent(request, 'Leaver');
  await signIn(page, email);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Leaver Tester');
  const saved = await sessionCookieOf(page);
  const withSaved = () => request.fetch('/api/v1/tickets', { headers: { cookie: `${saved!.name}=${saved!.value}`, 'x-loopdesk-client': 'web' } });
  expect((await withSaved()).status()).toBe(200);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const after = await withSaved();
  expect(after.status()).toBe(401);
  expect((await after.json()).error.message).toBe('Your session has ended: sign in again');
});

test('a crafted callbackUrl never leads to another site, signed in or not', async ({ page, request, baseURL }) => {
  const email = await newAgent(request, 'Careful');
  const crafted = ['/\\127.0.0.1:39999/x', '/%09/127.0.0.1:39999/x', '//127.0.0.1:39999/x', 'http://127.0.0.1:39999/x'];
  const origin = new URL(baseURL!).origin;
  await signIn(page, email, { from: `/login?callbackUrl=${encodeURIComponent(crafted[0]!)}` });
  await expect(page.getByTestId('signed-in-as')).toHaveText('Careful Tester');
  expect(new URL(page.url()).origin).toBe(origin);
  expect(new URL(page.url()).pathname).toBe('/tickets');
  for (const value of crafted) {
    await page.goto(`/login?callbackUrl=${value.startsWith('/%09') ? value : encodeURIComponent(value)}`);
    await expect(page).toHaveURL(`${origin}/tickets`);
  }
});

test('signing in again in the same browser ends the session it had', async ({ page, request }) => {
  const email = await newAgent(request, 'Twice');
  await signIn(page, email);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Twice Tester');
  const first = await sessionCookieOf(page);
  // Off the inbox first: it would notice its session end and navigate on its own, racing the goto below.
  await page.goto('about:blank');
  // The sign-in page sends a signed-in agent on to the inbox, so sign in again as its form would post.
  const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const again = await page.request.post('/api/auth/callback/credentials', {
    form: { email, password: 'correct horse battery', remember: 'false', csrfToken },
    maxRedirects: 0,
  });
  expect(again.status()).toBeLessThan(400);
  expect((await sessionCookieOf(page))?.value).not.toBe(first?.value);
  const withFirst = await request.fetch('/api/v1/tickets', { headers: { cookie: `${first!.name}=${first!.value}`, 'x-loopdesk-client': 'web' } });
  expect(withFirst.status()).toBe(401);
  await page.goto('/tickets');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Twice Tester');
});
