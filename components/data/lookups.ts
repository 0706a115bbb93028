/** Lists that pickers read on every screen (agents, departments, fields) change rarely: asked again after a minute. */
export const LOOKUP_STALE_MS = 60_000;
