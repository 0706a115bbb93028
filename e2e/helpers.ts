import type { APIRequestContext } from '@playwright/test';

/** Seeds data through the public API with the first-run admin key, as an integration would. */
export async function apiCall<T = { id: number }>(request: APIRequestContext, method: 'POST' | 'PUT' | 'GET', path: string, data?: unknown): Promise<T> {
  const response = await request.fetch(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${process.env.E2E_ADMIN_KEY}` },
    data,
  });
  const body = (await response.json()) as { success: boolean; data: T };
  if (!response.ok()) throw new Error(`${method} ${path} answered ${response.status()}: ${JSON.stringify(body)}`);
  return body.data;
}
