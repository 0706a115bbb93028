/**
 * The layering of STYLE.md, checked in `npm test` (lib/ops/check-layers.ts runs these rules through
 * dependency-cruiser's API). Type-only imports count: a cycle through types is still a cycle.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules form layers: a cycle means two ideas that cannot be read apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'components-not-to-db',
      severity: 'error',
      comment: 'Components reach data through the API (components/data), never the database.',
      from: { path: '^components/' },
      to: { path: '^db/' },
    },
    {
      name: 'lib-not-to-components',
      severity: 'error',
      comment: 'Domain and API code never depend on the UI.',
      from: { path: '^lib/' },
      to: { path: '^components/' },
    },
    {
      name: 'routes-only-to-api-and-domains',
      severity: 'error',
      comment: 'A route handler declares its contract with lib/api and calls a domain module; nothing else.',
      from: { path: '^app/api/.+/route\\.ts$' },
      to: { path: '^(db|components|app)/' },
    },
    {
      name: 'client-not-to-server',
      severity: 'error',
      comment: 'Browser code never imports a module that only the server may run (db, services, queries).',
      from: { path: '^components/' },
      to: { path: 'node_modules/server-only/', reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.next|data|public|bench)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
