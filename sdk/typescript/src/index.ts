export { Loopdesk, SDK_VERSION, type ListItem, type ListPath, type LoopdeskMethod, type LoopdeskOptions, type SuccessBody } from './client.js';
export { LoopdeskError, type LoopdeskErrorCode, type LoopdeskErrorDetail } from './errors.js';
export type { LoopdeskPaths } from './paths.js';
export type { components, operations, paths, webhooks } from './schema.js';
export type { OperationBody, OperationData, OperationResponse, PingEvent, Schema, WebhookEvent } from './types.js';
export { verifyWebhook, WebhookVerificationError, type VerifyWebhookOptions, type WebhookHeaders } from './webhooks.js';
