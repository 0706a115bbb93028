import { fetchResponse, oauthEndpoint } from '@/lib/oauth/endpoint';
import { requestTokens } from '@/lib/oauth/token-requests';

// POST /oauth/token – exchange a code (with its PKCE verifier) or rotate a refresh token
export const POST = oauthEndpoint(async (db, request, form) => fetchResponse(await requestTokens(db, request, form)));
