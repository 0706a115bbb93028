import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildOpenApi, type RouteFile } from './openapi';

/** `npm run openapi`: writes public/openapi.json from the route files under app/api/v1. */
const root = path.resolve('app/api/v1');
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
console.log(`public/openapi.json: ${Object.keys(document.paths).length} paths`);
process.exit(0);
