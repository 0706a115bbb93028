/**
 * The browser UI sends this on every API call; a page on another site cannot without CORS, which
 * we never allow. A leaf module, so that the browser's data layer and the server read one constant.
 */
export const CLIENT_HEADER = 'x-loopdesk-client';
export const WEB_CLIENT = 'web';
