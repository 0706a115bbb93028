import { handlers } from '@/lib/auth';

// /api/auth/* – next-auth's sign-in, sign-out, session and CSRF endpoints for the browser UI
export const { GET, POST } = handlers;
