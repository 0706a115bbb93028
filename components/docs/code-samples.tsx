import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Sample, SampleTabs } from './sample-tabs';

const languages = [
  { label: 'curl', file: 'curl.sh' },
  { label: 'TypeScript', file: 'typescript.ts' },
  { label: 'Python', file: 'python.py' },
] as const;

/**
 * An example from sdk/examples/<example>/, shown as it is on disk: these are the files CI runs
 * against a live desk, so what a reader copies is known to work.
 */
export function CodeSamples({ example, title }: { example: string; title: string }) {
  const samples: Sample[] = languages.map(({ label, file }) => {
    const relative = path.join('sdk', 'examples', example, file);
    return { label, path: relative, code: readFileSync(path.join(process.cwd(), relative), 'utf8') };
  });
  return <SampleTabs title={title} samples={samples} />;
}
