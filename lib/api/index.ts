export { apiRoute, methods } from './route';
export { created, noContent, ok, oneTimeSecret, paginated, pagination, errorResponse } from './respond';
export { readMultipart } from './body';
