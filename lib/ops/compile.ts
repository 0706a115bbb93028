import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { projectRoot } from '../project-root';

/**
 * `npm run compile` (run by `npm start`, `npm run dev` and `npm run build`): bundles the server
 * (server.ts) and the CLI (bin/loopdesk.ts) into plain JavaScript under dist/, so production runs
 * them on Node.js alone, without a TypeScript loader. Our own modules are bundled, with the `@/`
 * paths of tsconfig.json resolved; packages stay imports from node_modules, as they are for Next.
 */

/**
 * Services and queries import `server-only`, which throws unless imported under the
 * `react-server` condition, so that Next refuses to bundle them for the browser. Outside Next
 * there is no browser bundle to guard, and the server hosts Next (React included), so it must not
 * run with that condition: in the bundles the import becomes an empty module instead.
 */
const serverOnlyIsEmpty: Plugin = {
  name: 'server-only-is-empty',
  setup(bundle) {
    bundle.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'server-only' }));
    bundle.onLoad({ filter: /.*/, namespace: 'server-only' }, () => ({ contents: '', loader: 'js' }));
  },
};

const root = projectRoot();
const outdir = path.join(root, 'dist');

const result = await build({
  absWorkingDir: root,
  entryPoints: { server: 'server.ts', loopdesk: 'bin/loopdesk.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  plugins: [serverOnlyIsEmpty],
  tsconfig: path.join(root, 'tsconfig.json'),
  write: false,
  logLevel: 'warning',
});

// Each file is written beside its final name and renamed over it, so that a server or CLI starting
// meanwhile loads either the previous bundle or this one, never half of one.
fs.mkdirSync(outdir, { recursive: true });
for (const file of result.outputFiles) {
  const partial = `${file.path}.${process.pid}.partial`;
  fs.writeFileSync(partial, file.contents);
  fs.renameSync(partial, file.path);
}
