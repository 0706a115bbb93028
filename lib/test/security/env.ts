/**
 * Settings the security battery needs before lib/config.ts reads the environment (once, at the
 * first use: some route modules read it as they load). Every battery module imports this first.
 *
 * The fixture webhooks point at a receiver on 127.0.0.1, which the SSRF guard refuses unless the
 * host is allowed, as an integrator's local setup would allow it.
 */
process.env.LOOPDESK_WEBHOOK_ALLOWED_HOSTS = '127.0.0.1';

export {};
