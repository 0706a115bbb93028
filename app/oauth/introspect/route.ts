import { fetchResponse, oauthEndpoint } from '@/lib/oauth/endpoint';
import { introspectToken } from '@/lib/oauth/token-requests';

// POST /oauth/introspect – is a token active, and for whom (RFC 7662); confidential clients, their own tokens
export const POST = oauthEndpoint(async (db, request, form) => fetchResponse(await introspectToken(db, request, form)));
