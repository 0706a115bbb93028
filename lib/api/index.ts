export { apiRoute, methods, publicAnswer } from './route';
export { cursorListOf, file, idParam, idParams, ids, listOf, ticketListOf } from './contract';
export { created, cursorPaginated, cursorPagination, noContent, streamed, ok, oneTimeSecret, paginated, pagination, errorResponse } from './respond';
export { readMultipart, readRawBody } from './body';
