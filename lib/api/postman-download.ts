import fs from 'node:fs';
import path from 'node:path';
import { publicUrl } from '@/lib/config';

type Collection = { variable: { key: string; value: string }[] };
let committed: Collection | undefined;

/**
 * The committed collection (`npm run openapi` writes public/postman.json, read once), its `baseUrl`
 * set to this desk so that an import runs against it as it stands.
 */
export function postmanCollectionFor(): Response {
  committed ??= JSON.parse(fs.readFileSync(path.join(process.cwd(), 'public', 'postman.json'), 'utf8')) as Collection;
  const variable = committed.variable.map((v) => (v.key === 'baseUrl' ? { ...v, value: publicUrl() } : v));
  return new Response(JSON.stringify({ ...committed, variable }), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="loopdesk.postman_collection.json"',
    },
  });
}
