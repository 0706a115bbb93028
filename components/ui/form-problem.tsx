import type { FieldError } from '@/lib/errors';

/**
 * Why a form was not sent or not accepted: the server's reason, or a pointer to the fields marked
 * above, and any field errors the form has no field for.
 */
export function FormProblem({ outcome, problem, errors, unplaced }: { outcome: string; problem: string | null; errors: FieldError[]; unplaced: FieldError[] }) {
  if (!problem && errors.length === 0) return null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
      {problem ? `${outcome}: ${problem}` : `${outcome}: please correct the fields marked above.`}
      {unplaced.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {unplaced.map((e) => (
            <li key={`${e.field}:${e.message}`}>{e.field ? `${e.field}: ${e.message}` : e.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
