/** What a report page shows for a period from its URL that it will not build, and the way back to the default one. */
export function PeriodRefused({ problems, back }: { problems: string[]; back: string }) {
  return (
    <p role="alert" className="m-6 rounded-md bg-red-50 p-4 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
      That period cannot be shown: {problems.join('; ')}.{' '}
      <a href={back} className="underline">
        Last 30 days
      </a>
    </p>
  );
}
