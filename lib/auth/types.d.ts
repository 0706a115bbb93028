import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface User {
    remember?: boolean;
  }
  interface Session {
    agentId: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    agentId?: number;
    endsAt?: number;
    /** The server-side session (lib/auth/sessions.ts); a token without one is not accepted. */
    sid?: string;
    remember?: boolean;
  }
}
