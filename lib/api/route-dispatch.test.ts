import { describe, expect, it } from 'vitest';
import { apiRouteTable } from './route-dispatch';

// The shapes of Next's routes-manifest.json and server/app-paths-manifest.json, in the order Next writes them.
const routes = {
  staticRoutes: [{ page: '/login' }, { page: '/api/v1/tickets' }, { page: '/api/v1/tickets/search' }, { page: '/api/desk/live' }],
  dynamicRoutes: [
    { page: '/api/auth/[...nextauth]', regex: '^/api/auth/(.+?)(?:/)?$' },
    { page: '/api/v1/tickets/[id]', regex: '^/api/v1/tickets/([^/]+?)(?:/)?$' },
    { page: '/api/v1/tickets/[id]/replies', regex: '^/api/v1/tickets/([^/]+?)/replies(?:/)?$' },
    { page: '/tickets/[id]', regex: '^/tickets/([^/]+?)(?:/)?$' },
    { page: '/api/v1/[...path]', regex: '^/api/v1/(.+?)(?:/)?$' },
  ],
};
const appPaths = {
  '/(auth)/login/page': 'app/(auth)/login/page.js',
  '/api/v1/tickets/route': 'app/api/v1/tickets/route.js',
  '/api/v1/tickets/search/route': 'app/api/v1/tickets/search/route.js',
  '/api/desk/live/route': 'app/api/desk/live/route.js',
  '/api/auth/[...nextauth]/route': 'app/api/auth/[...nextauth]/route.js',
  '/api/v1/tickets/[id]/route': 'app/api/v1/tickets/[id]/route.js',
  '/api/v1/tickets/[id]/replies/route': 'app/api/v1/tickets/[id]/replies/route.js',
  '/(desk)/tickets/[id]/page': 'app/(desk)/tickets/[id]/page.js',
  '/api/v1/[...path]/route': 'app/api/v1/[...path]/route.js',
};

describe('apiRouteTable', () => {
  const routeFile = apiRouteTable(routes, appPaths);

  it('picks a static route before a dynamic one, and the catch-all last', () => {
    expect(routeFile('/api/v1/tickets')).toEqual({ file: 'app/api/v1/tickets/route.js', params: {} });
    expect(routeFile('/api/v1/tickets/search')).toEqual({ file: 'app/api/v1/tickets/search/route.js', params: {} });
    expect(routeFile('/api/v1/tickets/42')).toEqual({ file: 'app/api/v1/tickets/[id]/route.js', params: { id: '42' } });
    expect(routeFile('/api/v1/tickets/42/replies')).toEqual({ file: 'app/api/v1/tickets/[id]/replies/route.js', params: { id: '42' } });
    expect(routeFile('/api/v1/tickets/42/nothing')).toEqual({ file: 'app/api/v1/[...path]/route.js', params: { path: ['tickets', '42', 'nothing'] } });
    expect(routeFile('/api/v1/no-such-thing')).toEqual({ file: 'app/api/v1/[...path]/route.js', params: { path: ['no-such-thing'] } });
  });

  it('leaves whatever is not under /api/v1 to Next', () => {
    for (const pathname of ['/api/desk/live', '/api/auth/session', '/tickets/42', '/login', '/api/v1', '/api/v10/tickets']) {
      expect(routeFile(pathname), pathname).toBeNull();
    }
  });

  it("leaves to Next's router a path it would redirect or decode first", () => {
    for (const pathname of [
      '/api/v1/tickets/',
      '/api/v1//tickets',
      '/api/v1/tickets/../agents',
      '/api/v1/./tickets',
      '/api/v1/tickets/%34%32',
      '/api/v1/tickets\\42',
      '/api/v1/.hidden',
    ]) {
      expect(routeFile(pathname), pathname).toBeNull();
    }
  });
});
