import type { components, operations, webhooks } from './schema.js';

type JsonContent<Part> = Part extends { content: { 'application/json': infer Body } } ? Body : never;

type SuccessStatus = 200 | 201 | 202;

/** The success body of an operation, by its `operationId`: `{ success, data, pagination? }`. */
export type OperationResponse<Id extends keyof operations> = JsonContent<operations[Id]['responses'][keyof operations[Id]['responses'] & SuccessStatus]>;

/** The `data` an operation answers with, by its `operationId`: `OperationData<'getTicket'>` is a ticket. */
export type OperationData<Id extends keyof operations> = OperationResponse<Id> extends { data: infer Data } ? Data : never;

/** The JSON body an operation takes, by its `operationId`: `OperationBody<'createTicket'>`. */
export type OperationBody<Id extends keyof operations> = JsonContent<NonNullable<operations[Id]['requestBody']>>;

/**
 * The API's resources by name. The document declares its shapes inline, operation by operation,
 * so each name points at the operation that answers with the whole resource.
 */
interface Resources {
  Ticket: OperationData<'getTicket'>;
  TicketListItem: OperationData<'listTickets'>[number];
  Reply: OperationData<'createTicketReply'>;
  Customer: OperationData<'getCustomer'>;
  Agent: OperationData<'getAgent'>;
  Department: OperationData<'getDepartment'>;
  Category: OperationData<'getCategory'>;
  CustomField: OperationData<'getCustomField'>;
  ApiKey: OperationData<'getApiKey'>;
  Webhook: OperationData<'getWebhook'>;
  WebhookDelivery: OperationData<'getWebhookDelivery'>;
  Mailbox: OperationData<'getMailbox'>;
  OAuthApp: OperationData<'getOAuthApp'>;
  AuditLogEntry: OperationData<'listAuditLog'>[number];
}

/** A named shape: `Schema<'Ticket'>`, `Schema<'Customer'>`, or one of the document's components (`Schema<'Error'>`). */
export type Schema<Name extends keyof Resources | keyof components['schemas']> = Name extends keyof components['schemas']
  ? components['schemas'][Name]
  : Name extends keyof Resources
    ? Resources[Name]
    : never;

type WebhookPayload<Event extends keyof webhooks> = JsonContent<NonNullable<webhooks[Event]['post']['requestBody']>>;

/** What `POST /api/v1/webhooks/{id}/test` sends: the webhook itself, as the API shows it. */
export interface PingEvent {
  id: number;
  event: 'ping';
  timestamp: string;
  data: { webhook: Schema<'Webhook'> };
}

/** A delivered event; `event` tells which, and narrows `data`. */
export type WebhookEvent = { [Event in keyof webhooks]: WebhookPayload<Event> }[keyof webhooks] | PingEvent;
