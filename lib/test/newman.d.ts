// newman ships no types; these are the parts of its Node API the integrator-kit test reads.
declare module 'newman' {
  namespace newman {
    type Summary = {
      run: {
        stats: { assertions: { total: number; pending: number; failed: number } };
        failures: { error: { message: string }; source?: { name?: string } }[];
      };
    };
    type Options = { collection: unknown; envVar?: { key: string; value: string }[]; reporters?: string[] };
  }
  const newman: { run(options: newman.Options, callback: (error: Error | null, summary: newman.Summary) => void): void };
  export default newman;
}
