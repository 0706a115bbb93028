import { fetchResponse, oauthEndpoint } from '@/lib/oauth/endpoint';
import { revokeToken } from '@/lib/oauth/token-requests';

// POST /oauth/revoke – revoke an access or refresh token (RFC 7009); unknown tokens answer 200 too
export const POST = oauthEndpoint(async (db, request, form) => fetchResponse(await revokeToken(db, request, form)));
