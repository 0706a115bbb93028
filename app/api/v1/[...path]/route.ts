import { errorResponse, publicAnswer } from '@/lib/api';

// Any /api/v1 path no other route matches: the reference's 404 envelope, not an HTML page.
// Counted against the client address, as the caller's credentials are not looked at.
const notFound = publicAnswer(async (req) => errorResponse(404, 'NOT_FOUND', `No endpoint at ${new URL(req.url).pathname}`));

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
