import { handlers } from '@/lib/auth';
import { withBrowserSessionCookies } from '@/lib/auth/browser-session-cookie';

// /api/auth/* – next-auth's sign-in, sign-out, session and CSRF endpoints for the browser UI
export const GET = withBrowserSessionCookies(handlers.GET);
export const POST = withBrowserSessionCookies(handlers.POST);
