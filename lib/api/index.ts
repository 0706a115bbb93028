export { apiRoute, methods } from './route';
export { created, cursorPagination, noContent, ok, oneTimeSecret, paginated, pagination, errorResponse } from './respond';
export { readMultipart } from './body';
