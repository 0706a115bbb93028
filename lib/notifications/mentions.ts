/**
 * Mentions are written as the picker inserts them, `@First Last`, and stored as typed: a note stays
 * readable anywhere (emails, exports, the API) and no agent id ever shows. The server resolves them
 * against the active agents' full names, longest name first (so `@Ann Lee` is not `@Ann`),
 * case-insensitively and only where the name ends at a word boundary.
 * A leaf module: the server resolves mentions with it and the desk highlights them.
 */
export type MentionableAgent = { id: number; name: string };

/** A piece of a note's text: plain, or a mention of the agent named. */
export type MentionPart = { text: string; agentId: number | null };

const wordCharacter = /[\p{L}\p{N}_]/u;

/** The note's text cut into plain runs and mentions of the agents given. */
export function mentionParts(text: string, agents: readonly MentionableAgent[]): MentionPart[] {
  const names = agents
    .filter((a) => a.name.trim() !== '')
    .map((a) => ({ id: a.id, lower: a.name.toLowerCase(), length: a.name.length }))
    .sort((a, b) => b.length - a.length);
  // Compared slice by slice in the text itself: lowercasing the whole text can change its length ("İ"), and every position after.
  const namedAt = (at: number, n: (typeof names)[number]) => text.slice(at + 1, at + 1 + n.length).toLowerCase() === n.lower;
  const parts: MentionPart[] = [];
  let plainFrom = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    const startsWord = at === 0 || !wordCharacter.test(text[at - 1]!);
    const match = startsWord ? names.find((n) => namedAt(at, n) && !wordCharacter.test(text[at + 1 + n.length] ?? ' ')) : undefined;
    if (match) {
      if (at > plainFrom) parts.push({ text: text.slice(plainFrom, at), agentId: null });
      parts.push({ text: text.slice(at, at + 1 + match.length), agentId: match.id });
      plainFrom = at + 1 + match.length;
    }
    at = text.indexOf('@', match ? plainFrom : at + 1);
  }
  if (plainFrom < text.length) parts.push({ text: text.slice(plainFrom), agentId: null });
  return parts;
}

/** The agents a note mentions, each once. */
export function mentionedAgentIds(text: string, agents: readonly MentionableAgent[]): number[] {
  return [...new Set(mentionParts(text, agents).flatMap((p) => (p.agentId === null ? [] : [p.agentId])))];
}
