export { apiRoute, methods } from './route';
export { created, noContent, ok, paginated, pagination, errorResponse } from './respond';
export { readMultipart } from './body';
