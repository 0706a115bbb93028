/**
 * Settings the security battery needs before lib/config.ts reads the environment (once, at the
 * first use: some route modules read it as they load). Every battery module imports this first.
 *
 * The fixture webhooks point at a receiver on 127.0.0.1, which the SSRF guard refuses unless the
 * host is allowed, as an integrator's local setup would allow it.
 *
 * Email is configured, so that a reply's email can be sent again: no worker runs in the battery,
 * so nothing is sent, and the address is a closed port should anything try.
 */
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';
process.env.LOOPDESK_SMTP_URL = 'smtp://127.0.0.1:9';

export {};
