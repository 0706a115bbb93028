import { errorResponse } from '@/lib/api';
import { withRequestId } from '@/lib/api/route';

// Any /api/v1 path no other route matches: the reference's 404 envelope, not an HTML page.
const notFound = async (req: Request) =>
  withRequestId(errorResponse(404, 'NOT_FOUND', `No endpoint at ${new URL(req.url).pathname}`), req);

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
