import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '@/lib/project-root';

// Swagger UI from the installed swagger-ui-dist, never a CDN: a self-hosted desk may have no internet.
const files: Record<string, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

// GET /docs/assets/{file} – the reference page's script and styles
export async function GET(_req: Request, { params }: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await params;
  const type = Object.hasOwn(files, file) ? files[file] : undefined;
  if (!type) return new Response('Not found', { status: 404 });
  const bytes = await readFile(path.join(projectRoot(), 'node_modules', 'swagger-ui-dist', file));
  return new Response(new Uint8Array(bytes), { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' } });
}
