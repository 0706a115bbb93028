import { expect, test, type Page } from '@playwright/test';
import * as oauth from 'oauth4webapi';
import { checkPage } from './a11y';
import { apiCall } from './helpers';

// The third-party app starts signed out of Loopdesk, as a new user of it would.
test.use({ storageState: { cookies: [], origins: [] } });

const REDIRECT_URI = 'http://127.0.0.1:45871/callback';
const insecure = { [oauth.allowInsecureRequests]: true };

type RegisteredApp = { id: number; client_id: string; client_secret: string };

/** The app's redirect URI answers in the browser; the test reads where the browser was sent. */
async function catchCallback(page: Page) {
  await page.route(`${REDIRECT_URI}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Calendar sync</title><p>Connected</p>' }),
  );
}

/** oauth4webapi's view of the authorization server, from its RFC 8414 metadata. */
async function discover(baseURL: string) {
  const issuer = new URL(baseURL);
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...insecure, algorithm: 'oauth2' }));
}

async function authorizationUrl(as: oauth.AuthorizationServer, app: RegisteredApp, scope: string) {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString();
  return { url, verifier, state };
}

test('an admin registers an app, it works the API for them through OAuth, refreshes, and is revoked by the client and on the authorized-apps page', async ({
  page,
  baseURL,
}, testInfo) => {
  const name = `Calendar sync ${Date.now().toString(36)}`;
  await page.goto('/admin/oauth-apps');
  await expect(page).toHaveURL(/\/login/);
  await signIn(page);
  await expect(page).toHaveURL(/\/tickets/);
  await page.goto('/admin/oauth-apps');
  await page.getByRole('button', { name: 'New OAuth app' }).click();
  const form = page.getByRole('form', { name: 'New OAuth app' });
  await form.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await form.getByRole('textbox', { name: 'Description' }).fill('Puts ticket due dates in your calendar.');
  await form.getByRole('textbox', { name: 'Redirect URIs' }).fill(REDIRECT_URI);
  for (const scope of ['tickets-read', 'tickets-write', 'customers-read']) await form.locator(`#oauth-app-scope-${scope}`).check();
  await form.getByRole('button', { name: 'Create app' }).click();
  const secret = page.getByTestId('oauth-client-secret');
  await expect(secret).toBeVisible();
  await checkPage(page, testInfo, 'admin-oauth-app-created');
  const app: RegisteredApp = {
    id: 0,
    client_id: (await page.getByTestId('oauth-client-id').first().textContent())!.trim(),
    client_secret: (await secret.textContent())!.trim(),
  };
  expect(app.client_id).toMatch(/^ld_app_/);
  expect(app.client_secret).toMatch(/^ld_oas_/);

  const as = await discover(baseURL!);
  expect(as.code_challenge_methods_supported).toEqual(['S256']);
  const client: oauth.Client = { client_id: app.client_id };
  const clientAuth = oauth.ClientSecretPost(app.client_secret);
  await catchCallback(page);

  // The consent page names the app and each scope in words.
  const { url, verifier, state } = await authorizationUrl(as, app, 'tickets:read tickets:write');
  await page.goto(url.href);
  await expect(page.getByRole('heading', { name: /Calendar sync .* wants to use your Loopdesk account/ })).toBeVisible();
  const asked = page.getByRole('list', { name: 'Permissions asked for' });
  await expect(asked.getByRole('listitem')).toHaveCount(2);
  await expect(asked).toContainText('Create, update, assign and reply to tickets');
  await checkPage(page, testInfo, 'oauth-consent');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${REDIRECT_URI}**`);

  // The client checks state and iss, exchanges the code with its verifier, and calls the API.
  const params = oauth.validateAuthResponse(as, client, new URL(page.url()), state);
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(as, client, clientAuth, params, REDIRECT_URI, verifier, insecure),
  );
  expect(tokens.token_type).toBe('bearer');
  expect(tokens.scope).toBe('tickets:read tickets:write');
  const api = (token: string, method: string, path: string, body?: unknown) =>
    oauth.protectedResourceRequest(
      token,
      method,
      new URL(`/api/v1${path}`, baseURL),
      new Headers(body ? { 'content-type': 'application/json' } : {}),
      body ? JSON.stringify(body) : null,
      insecure,
    );

  /** A refusal as the client library reads it: the status and the parsed WWW-Authenticate challenge. */
  const refusal = async (answer: Promise<Response>) => {
    const error = await answer.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof oauth.WWWAuthenticateChallengeError)) throw new Error(`Expected a challenge, got ${String(error)}`);
    return { status: error.status, challenge: error.cause[0]! };
  };

  expect((await api(tokens.access_token, 'GET', '/tickets')).status).toBe(200);
  const created = await api(tokens.access_token, 'POST', '/tickets', {
    subject: 'Calendar invite not sent',
    description: 'Filed from the calendar app',
  });
  expect(created.status).toBe(201);
  const ticket = ((await created.json()) as { data: { id: number } }).data;
  // Outside its scopes: customers are not among them.
  const refused = await refusal(api(tokens.access_token, 'GET', '/customers'));
  expect(refused.status).toBe(403);
  expect(refused.challenge).toMatchObject({ scheme: 'bearer', parameters: { error: 'insufficient_scope', scope: 'customers:read' } });

  // Refresh rotates the pair; the old access token is dead.
  const refreshed = await oauth.processRefreshTokenResponse(
    as,
    client,
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token!, insecure),
  );
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  expect((await api(refreshed.access_token, 'GET', `/tickets/${ticket.id}`)).status).toBe(200);
  expect(await refusal(api(tokens.access_token, 'GET', '/tickets'))).toMatchObject({ status: 401, challenge: { parameters: { error: 'invalid_token' } } });

  const introspected = await oauth.processIntrospectionResponse(
    as,
    client,
    await oauth.introspectionRequest(as, client, clientAuth, refreshed.access_token, insecure),
  );
  expect(introspected).toMatchObject({ active: true, client_id: app.client_id, scope: 'tickets:read tickets:write' });

  // Revocation ends it at once.
  await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, clientAuth, refreshed.refresh_token!, insecure));
  expect((await refusal(api(refreshed.access_token, 'GET', '/tickets'))).status).toBe(401);
  const after = await oauth.processIntrospectionResponse(
    as,
    client,
    await oauth.introspectionRequest(as, client, clientAuth, refreshed.access_token, insecure),
  );
  expect(after.active).toBe(false);

  // Consent again; then the agent revokes the app on their authorized-apps page, and its token dies.
  const again = await authorizationUrl(as, app, 'tickets:read');
  await page.goto(again.url.href);
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.waitForURL(`${REDIRECT_URI}**`);
  const second = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      oauth.validateAuthResponse(as, client, new URL(page.url()), again.state),
      REDIRECT_URI,
      again.verifier,
      insecure,
    ),
  );
  expect((await api(second.access_token, 'GET', '/tickets')).status).toBe(200);
  await page.goto('/settings/authorized-apps');
  const listed = page.getByTestId('authorized-app').filter({ hasText: name });
  await expect(listed).toContainText('Read tickets');
  await checkPage(page, testInfo, 'authorized-apps');
  await listed.getByRole('button', { name: `Revoke ${name}` }).click();
  await page
    .getByRole('dialog', { name: `Revoke ${name}?` })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(listed).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Authorized apps', level: 1 })).toBeFocused();
  expect((await refusal(api(second.access_token, 'GET', '/tickets'))).status).toBe(401);
});

async function signIn(page: Page) {
  await page.getByLabel('Email').fill(process.env.E2E_ADMIN_EMAIL!);
  await page.getByLabel('Password').fill(process.env.E2E_ADMIN_PASSWORD!);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signed out, the agent signs in first; Deny sends access_denied back to the app with its state and iss', async ({ page, request, baseURL }) => {
  const app = await apiCall<RegisteredApp>(request, 'POST', '/oauth-apps', {
    name: `Denied app ${Date.now().toString(36)}`,
    confidential: true,
    redirect_uris: [REDIRECT_URI],
    scopes: ['tickets:read'],
  });
  const as = await discover(baseURL!);
  await catchCallback(page);

  // Signed out: the authorization link signs the agent in first, then asks.
  const { url, state } = await authorizationUrl(as, app, 'tickets:read');
  await page.goto(url.href);
  await expect(page).toHaveURL(/\/login/);
  await signIn(page);
  await expect(page.getByRole('heading', { name: /Denied app .* wants to use your Loopdesk account/ })).toBeVisible();
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL(`${REDIRECT_URI}**`);

  const answer = new URL(page.url());
  expect(answer.searchParams.get('error')).toBe('access_denied');
  expect(answer.searchParams.get('state')).toBe(state);
  expect(answer.searchParams.get('iss')).toBe(as.issuer);
  expect(() => oauth.validateAuthResponse(as, { client_id: app.client_id }, answer, state)).toThrow(oauth.AuthorizationResponseError);
});
