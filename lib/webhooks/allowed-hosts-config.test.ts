import { expect, it } from 'vitest';
import { config } from '@/lib/config';

// Configuration is read once per test file: this file holds only this bad value.
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = 'localhost, hooks.internal:8080, http://10.0.0.5/';

it('stops the start on an allowlist entry that is not a bare host name or IP address, naming it', () => {
  expect(() => config()).toThrow(
    "Invalid configuration: LOOPDESK_WEBHOOK_ALLOWED_HOSTS: 'hooks.internal:8080' is not a host name or IP address; " +
      "LOOPDESK_WEBHOOK_ALLOWED_HOSTS: 'http://10.0.0.5/' is not a host name or IP address",
  );
});
