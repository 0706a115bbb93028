import { Button } from './button';

/** A list or record that could not be loaded: what, why, and a way to try again. */
export function LoadError({ what, error, onRetry, className = 'mt-6' }: { what: string; error: Error; onRetry: () => void; className?: string }) {
  return (
    <div
      role="alert"
      className={`${className} rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200`}
    >
      {what} could not be loaded: {error.message}{' '}
      <Button variant="secondary" onClick={onRetry}>
        Retry
      </Button>
    </div>
  );
}

export function Loading({ children, className = 'mt-6' }: { children: string; className?: string }) {
  return (
    <p role="status" className={`${className} text-sm text-slate-600 dark:text-slate-400`}>
      {children}
    </p>
  );
}
