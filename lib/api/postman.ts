import { createHash } from 'node:crypto';
import converter from 'openapi-to-postmanv2';
import { z } from 'zod';
import { bodyText, type WalkthroughStep, walkthrough } from './postman-walkthrough';

/**
 * The Postman v2.1 collection (`GET /api/v1/postman.json`), made from the OpenAPI document by
 * openapi-to-postmanv2: one folder per tag, each request with its description. The walkthrough
 * (postman-walkthrough.ts) then gives each request values that work on a fresh desk, a test of its
 * documented status, and the ids it saves for the requests after it; folders and requests run in
 * its order. Saved response examples are dropped: the converter fakes them at random, and the
 * document already shows the shapes.
 */

const request = z.looseObject({
  method: z.string(),
  url: z.looseObject({ path: z.array(z.string()), query: z.array(z.looseObject({ key: z.string(), value: z.unknown() })).optional() }),
  header: z.array(z.looseObject({ key: z.string(), value: z.string() })).optional(),
  description: z.unknown().optional(),
  body: z.unknown().optional(),
  auth: z.unknown().optional(),
});
const item = z.looseObject({ name: z.string(), request, response: z.unknown().optional() });
const converted = z.looseObject({
  info: z.looseObject({}),
  item: z.array(z.looseObject({ name: z.string(), item: z.array(item) })),
});
type Item = z.infer<typeof item>;
const operation = z.looseObject({ operationId: z.string(), responses: z.record(z.string(), z.unknown()) });
const openApi = z.looseObject({ paths: z.record(z.string(), z.record(z.string(), operation)) });
type Document = z.infer<typeof openApi>;

const defaults = { baseUrl: 'http://localhost:3000', apiKey: 'ld_live_…', webhookUrl: 'https://example.com/loopdesk-webhook' };

export async function buildPostmanCollection(openApiDocument: { paths: Record<string, Record<string, unknown>> }) {
  const document = openApi.parse(openApiDocument);
  const collection = converted.parse(await convert(document));
  const byOperation = new Map<string, { entry: Item; folder: string; documented: number[] }>();
  for (const folder of collection.item) {
    for (const entry of folder.item) {
      const operation = operationOf(document, entry);
      byOperation.set(operation.operationId, { entry, folder: folder.name, documented: successStatuses(operation) });
    }
  }
  const folders = new Map<string, Record<string, unknown>[]>();
  for (const step of walkthrough) {
    const found = byOperation.get(step.operationId);
    if (!found) throw new Error(`the walkthrough names ${step.operationId}, which the document lacks`);
    byOperation.delete(step.operationId);
    folders.set(found.folder, [...(folders.get(found.folder) ?? []), walkthroughItem(found.entry, step, found.documented)]);
  }
  if (byOperation.size > 0) throw new Error(`the walkthrough lacks ${[...byOperation.keys()].join(', ')}`);
  return {
    info: {
      ...collection.info,
      _postman_id: stableId('loopdesk'),
      description: [
        'Every endpoint of the Loopdesk API, made from /openapi.json. Set `baseUrl` to your desk and `apiKey` to an admin API key,',
        'and `webhookUrl` to an https endpoint that answers (a webhook must resolve). Run it in order, on a desk you can litter:',
        'each request uses the ids the ones before it saved, and checks the status the API documents for it.',
      ].join(' '),
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] },
    // A request run on its own still gets a suffix; the health check's test picks a new one for each whole run.
    event: [
      {
        listen: 'prerequest',
        script: { type: 'text/javascript', exec: ["if (!pm.collectionVariables.get('runId')) pm.collectionVariables.set('runId', Date.now().toString(36));"] },
      },
    ],
    variable: Object.entries(defaults).map(([key, value]) => ({ key, value, type: 'string' })),
    item: [...folders].map(([name, items]) => ({ name, item: items })),
  };
}

function convert(document: Document): Promise<unknown> {
  // The converter rewrites the schemas it is given as it resolves them: it gets a copy.
  const data = structuredClone(document);
  const options = { folderStrategy: 'Tags', parametersResolution: 'Example', enableOptionalParameters: false, alwaysInheritAuthentication: true };
  return new Promise((resolve, reject) =>
    converter.convert({ type: 'json', data }, options, (error, result) => {
      if (error) return reject(error);
      if (!result.result) return reject(new Error(`openapi-to-postmanv2: ${result.reason}`));
      resolve(result.output[0]?.data);
    }),
  );
}

/** The operation a converted request is: its method and path, `:id` written back as `{id}`. */
function operationOf(document: Document, entry: Item): Document['paths'][string][string] {
  const path = `/${entry.request.url.path.map((segment) => segment.replace(/^:(\w+)$/, '{$1}')).join('/')}`;
  const operation = document.paths[path]?.[entry.request.method.toLowerCase()];
  if (!operation) throw new Error(`no operation for ${entry.request.method} ${path}`);
  return operation;
}

/** The 2xx statuses the document lists for an operation (rating a ticket: 201 the first time, 200 after). */
const successStatuses = (operation: Document['paths'][string][string]) =>
  Object.keys(operation.responses)
    .map(Number)
    .filter((s) => s < 300);

function walkthroughItem(entry: Item, step: WalkthroughStep, documented: number[]) {
  const { response: _examples, ...rest } = entry;
  const statuses = step.expect ? [step.expect.status].flat() : documented;
  const path = entry.request.url.path;
  const replaced = new Set(['content-type', 'idempotency-key', ...Object.keys(step.headers ?? {}).map((k) => k.toLowerCase())]);
  const headers = (entry.request.header ?? []).filter((h) => !replaced.has(h.key.toLowerCase()));
  if (step.body !== undefined || step.raw) headers.push({ key: 'Content-Type', value: step.raw?.contentType ?? 'application/json' });
  for (const [key, value] of Object.entries(step.headers ?? {})) headers.push({ key, value });
  const query = Object.entries(step.query ?? {}).map(([key, value]) => ({ key, value }));
  const { body: _body, auth: _auth, ...requestRest } = entry.request;
  return {
    ...rest,
    id: stableId(step.operationId),
    name: entry.name.charAt(0).toUpperCase() + entry.name.slice(1),
    request: {
      ...requestRest,
      ...(step.noAuth ? { auth: { type: 'noauth' } } : {}),
      header: headers,
      url: {
        raw: `{{baseUrl}}/${path.join('/')}${query.length ? `?${query.map((q) => `${q.key}=${q.value}`).join('&')}` : ''}`,
        host: ['{{baseUrl}}'],
        path,
        query,
        variable: path.filter((s) => s.startsWith(':')).map((s) => ({ key: s.slice(1), value: step.params?.[s.slice(1)] ?? '' })),
      },
      ...(step.body !== undefined ? { body: { mode: 'raw', raw: bodyText(step.body), options: { raw: { language: 'json' } } } } : {}),
      ...(step.raw ? { body: { mode: 'raw', raw: step.raw.body } } : {}),
      ...(step.expect ? { description: { content: `${step.expect.why}\n\n${descriptionOf(entry)}`, type: 'text/markdown' } } : {}),
    },
    event: [
      ...(step.spare ? [{ listen: 'prerequest', script: { type: 'text/javascript', exec: spareScript(step.spare) } }] : []),
      { listen: 'test', script: { type: 'text/javascript', exec: testScript(step, statuses) } },
    ],
  };
}

const descriptionOf = (entry: Item) => {
  const description = entry.request.description;
  return typeof description === 'object' && description && 'content' in description ? String(description.content) : '';
};

function testScript(step: WalkthroughStep, statuses: number[]): string[] {
  const lines = [
    `pm.test('answers ${statuses.join(' or ')}', function () {`,
    statuses.length === 1 ? `  pm.response.to.have.status(${statuses[0]});` : `  pm.expect(pm.response.code).to.be.oneOf([${statuses.join(', ')}]);`,
    '});',
  ];
  if (step.startsRun) lines.push("pm.collectionVariables.set('runId', Date.now().toString(36));");
  if (step.save) {
    lines.push('const body = pm.response.json();');
    for (const [variable, path] of Object.entries(step.save)) {
      lines.push(
        `pm.collectionVariables.set('${variable}', ${['body', ...path.split('.')].map((p, i) => (i === 0 ? p : /^\d+$/.test(p) ? `[${p}]` : `.${p}`)).join('')});`,
      );
    }
  }
  return lines;
}

function spareScript(spare: NonNullable<WalkthroughStep['spare']>): string[] {
  return [
    '// Made here, so the one the later requests use survives this delete.',
    'pm.sendRequest({',
    `  url: pm.variables.get('baseUrl') + '${spare.path}',`,
    "  method: 'POST',",
    "  header: { Authorization: 'Bearer ' + pm.variables.get('apiKey'), 'Content-Type': 'application/json' },",
    `  body: { mode: 'raw', raw: pm.variables.replaceIn(${JSON.stringify(bodyText(spare.body))}) },`,
    '}, function (error, response) {',
    `  if (error) throw error;`,
    `  pm.collectionVariables.set('${spare.as}', response.json().data.id);`,
    '});',
  ];
}

/** A UUID-shaped id that is the same on every build, so the committed collection only changes with the document. */
function stableId(seed: string): string {
  const hex = createHash('sha256').update(`loopdesk-postman:${seed}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
