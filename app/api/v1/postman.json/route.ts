import { apiRoute, file, methods } from '@/lib/api';
import { postmanCollectionFor } from '@/lib/api/postman-download';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = methods({
  // GET /api/v1/postman.json – the Postman v2.1 collection of every endpoint, for this desk
  GET: apiRoute({
    summary: 'the Postman v2.1 collection of every endpoint, its baseUrl set to this desk',
    operationId: 'getPostmanCollection',
    permission: 'public',
    status: 200,
    response: file('application/json', 'A Postman Collection v2.1 (schema.getpostman.com/json/collection/v2.1.0)'),
    handle: async () => postmanCollectionFor(),
  }),
});
