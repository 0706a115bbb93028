export { apiRoute, methods } from './route';
export { created, cursorPaginated, cursorPagination, noContent, streamed, ok, oneTimeSecret, paginated, pagination, errorResponse } from './respond';
export { readMultipart } from './body';
