import { spawnSync } from 'node:child_process';

// The reference's "Signature Verification" example, verbatim, and a harness that feeds it stdin.
const referenceVerifier = `import hashlib
import hmac

def verify_webhook_signature(payload, signature, secret):
    expected_signature = hmac.new(
        secret.encode('utf-8'),
        payload.encode('utf-8'),
        hashlib.sha256
    ).hexdigest()
    
    return hmac.compare_digest(
        f"sha256={expected_signature}",
        signature
    )

import json, sys
args = json.load(sys.stdin)
print(verify_webhook_signature(args["payload"], args["signature"], args["secret"]))
`;

/** Runs the reference's Python `verify_webhook_signature(payload, signature, secret)` with python3. */
export function referenceVerifies(payload: string, signature: string, secret: string): boolean {
  const run = spawnSync('python3', ['-c', referenceVerifier], { input: JSON.stringify({ payload, signature, secret }), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr || run.error?.message}`);
  const answer = run.stdout.trim();
  if (answer !== 'True' && answer !== 'False') throw new Error(`unexpected python3 output: ${answer}`);
  return answer === 'True';
}
