import Link from 'next/link';
import { CodeSamples } from '@/components/docs/code-samples';
import { GuideLink, GuidePage, guideMetadata, Snippet } from '@/components/docs/guide-page';

export const metadata = guideMetadata('quick-start');

// GET /docs/guides/quick-start
export default function QuickStartGuide() {
  return (
    <GuidePage slug="quick-start">
      <h2>Before you start</h2>
      <ul>
        <li>
          The desk's address in <code>LOOPDESK_URL</code> (<code>http://localhost:3000</code> for a desk started with <code>npm start</code>). Every endpoint is
          under <code>/api/v1</code>, with JSON in and out.
        </li>
        <li>
          An API key with <code>write</code> or <code>admin</code> permission in <code>LOOPDESK_API_KEY</code>. An admin makes one under{' '}
          <Link href="/admin/api-keys">Admin → API keys</Link>; <GuideLink slug="authentication" /> has the details.
        </li>
        <li>
          For TypeScript, the SDK <code>@loopdesk/sdk</code> from <code>sdk/typescript</code> (Node 20.19 or newer). For Python, the package{' '}
          <code>loopdesk</code> from <code>sdk/python</code>, which needs nothing beyond the standard library.
        </li>
      </ul>

      <h2>Create a ticket, list, reply</h2>
      <p>
        The reference's Quick Start creates a ticket; this one goes on to list the open tickets and answer the customer, then deletes the ticket so the desk is
        left as it was.
      </p>
      <CodeSamples example="quick-start" title="Create a ticket, list the open tickets, reply" />
      <p>CI runs all three against a desk started for the test, after other suites have left tickets on it. Each reads the two variables and runs as it is:</p>
      <Snippet>{`export LOOPDESK_URL=http://localhost:3000 LOOPDESK_API_KEY=ld_live_…
bash sdk/examples/quick-start/curl.sh
node --import tsx sdk/examples/quick-start/typescript.ts
PYTHONPATH=sdk/python python3 sdk/examples/quick-start/python.py`}</Snippet>

      <h2>What came back</h2>
      <ul>
        <li>
          A create answers <code>201</code> with <code>{'{"success": true, "data": {…}}'}</code>: the whole ticket. Its <code>id</code> goes into URLs; its{' '}
          <code>number</code> (<code>TKT-2026-000042</code>) is for people.
        </li>
        <li>
          Priorities are <code>low</code>, <code>normal</code>, <code>high</code> and <code>urgent</code>. The reference's own example sends <code>medium</code>
          , which is accepted as <code>normal</code>.
        </li>
        <li>
          A list adds a <code>pagination</code> object beside <code>data</code>: see <GuideLink slug="pagination" />.
        </li>
        <li>
          A reply is written as the agent who created the key; a key made with the CLI belongs to nobody, and its replies have no author name. A reply with{' '}
          <code>"type": "internal"</code> is a note only agents see.
        </li>
        <li>
          A failure answers with an error envelope, and the SDKs raise it as <code>LoopdeskError</code>: see <GuideLink slug="errors-and-retries" />.
        </li>
      </ul>
    </GuidePage>
  );
}
