import { isScope, scopeCatalogue } from '@/lib/oauth/scopes';

/**
 * OAuth scopes in words, as the consent page put them to the agent, each with its name for those
 * who configure apps. A scope the catalogue no longer has is shown by its name alone.
 */
export function ScopeList({ scopes, className = '' }: { scopes: readonly string[]; className?: string }) {
  return (
    <ul className={`list-disc space-y-0.5 pl-5 ${className}`}>
      {scopes.map((scope) => (
        <li key={scope}>
          {isScope(scope) ? scopeCatalogue[scope].words : scope} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">({scope})</span>
        </li>
      ))}
    </ul>
  );
}
