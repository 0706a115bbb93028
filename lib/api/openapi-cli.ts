import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildOpenApi, type RouteFile } from './openapi';
import { buildPostmanCollection } from './postman';

/**
 * `npm run openapi`: writes public/openapi.json from the route files under app/api/v1, the Postman
 * collection made from it, and the TypeScript SDK's types (openapi-typescript).
 */
const root = path.resolve('app/api/v1');
export const sdkTypes = 'sdk/typescript/src/schema.d.ts';
const files = fs
  .readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('route.ts'))
  .map((f) => path.join(root, f));

const routes: RouteFile[] = [];
for (const file of files) {
  routes.push({
    file: `/${path.relative(process.cwd(), file).split(path.sep).join('/')}`,
    handlers: (await import(pathToFileURL(file).href)) as Record<string, unknown>,
  });
}
fs.mkdirSync('public', { recursive: true });
const document = buildOpenApi(routes);
fs.writeFileSync('public/openapi.json', `${JSON.stringify(document, null, 2)}\n`);
fs.writeFileSync('public/postman.json', `${JSON.stringify(await buildPostmanCollection(document), null, 2)}\n`);
const types = spawnSync(process.execPath, [path.resolve('node_modules/openapi-typescript/bin/cli.js'), 'public/openapi.json', '-o', sdkTypes], {
  stdio: 'inherit',
});
if (types.status !== 0) throw new Error('openapi-typescript failed');
console.log(`public/openapi.json: ${Object.keys(document.paths).length} paths; public/postman.json; ${sdkTypes}`);
process.exit(0);
