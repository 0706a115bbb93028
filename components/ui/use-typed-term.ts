import { useEffect, useState } from 'react';

/** How long typing must pause before a search is sent: one request per word, not per key. */
const TYPING_PAUSE_MS = 200;

/** The search term once typing pauses; an emptied box clears it at once. */
export function useTypedTerm(term: string): string {
  const [settled, setSettled] = useState(term);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(term), term ? TYPING_PAUSE_MS : 0);
    return () => clearTimeout(timer);
  }, [term]);
  return term ? settled : '';
}
