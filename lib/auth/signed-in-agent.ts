import type { agentRoles } from '@/lib/agents/schema';

/**
 * The agent signed in to this browser. Its own module, free of server imports, because the desk's
 * client components name it as well as the server code that reads the session.
 */
export type SignedInAgent = {
  id: number;
  name: string;
  email: string;
  role: (typeof agentRoles)[number];
  /** The IANA zone the agent chose on their profile; null: the browser's. */
  timeZone: string | null;
};
