import { referenceRequests } from './reference-examples';

/**
 * What the Postman collection sends, in the order newman runs it, so that every request works
 * unchanged on a fresh desk: each request takes the ids the ones before it saved. A delete removes
 * a `spare` that its pre-request script creates, so the resources the later folders use survive.
 *
 * In bodies, `id('ticketId')` becomes the bare `{{ticketId}}` (a number in the JSON once Postman
 * fills it in); strings may hold `{{runId}}`, a per-run suffix that keeps unique fields unique when
 * the collection runs again against the same desk.
 */
export type WalkthroughStep = {
  operationId: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body and its content type, for the endpoints that take something other than JSON. */
  raw?: { contentType: string; body: string };
  headers?: Record<string, string>;
  /** Collection variables to save from the answer's JSON, by path (`data.id`). */
  save?: Record<string, string>;
  /** A throwaway resource made before the request: POSTed to `path`, its `data.id` saved as `as`. */
  spare?: { path: string; body: unknown; as: string };
  /** The status to expect when it is not the operation's documented success. */
  expect?: { status: number | number[]; why: string };
  noAuth?: boolean;
  /** Picks this run's suffix (`runId`), so unique fields (emails, keys, names) stay unique when it runs again. */
  startsRun?: true;
};

const ID_PREFIX = '@@id:';
/** A saved number or boolean, written into the JSON bare. */
export const id = (variable: string) => `${ID_PREFIX}${variable}@@`;
/** JSON text in which `id()` markers are bare `{{variable}}` placeholders. */
export const bodyText = (body: unknown) => JSON.stringify(body, null, 2).replace(new RegExp(`"${ID_PREFIX}(\\w+)@@"`, 'g'), '{{$1}}');

const KEYS_ACT_FOR_NOBODY = {
  status: 403,
  why: "An API key acts for nobody in particular, so with the apiKey this answers 403: it is the signed-in agent's own (GET /me/notifications also takes an OAuth access token).",
};

const BOUNDARY = 'loopdesk-postman-boundary';
const attachment = [
  `--${BOUNDARY}`,
  'Content-Disposition: form-data; name="file"; filename="router-steps.txt"',
  'Content-Type: text/plain',
  '',
  'Restart the router, wait a minute, then sign in again.',
  `--${BOUNDARY}--`,
  '',
].join('\r\n');

const inboundEmail = [
  'From: Priya Shah <priya.{{runId}}@customer.example>',
  'To: support.{{runId}}@acme.example',
  'Subject: Invoice 1043 shows the wrong VAT number',
  'Message-ID: <invoice-1043.{{runId}}@customer.example>',
  'Date: Mon, 23 Nov 2026 09:15:00 +0000',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello, our VAT number on invoice 1043 is wrong. Could you send a corrected one?',
  '',
].join('\r\n');

const ticket = { ...referenceRequests.createTicket, customer_id: id('customerId'), department_id: id('departmentId'), category_id: id('categoryId') };

export const walkthrough: WalkthroughStep[] = [
  // health starts the run; it and the collection itself need no credentials.
  { operationId: 'getHealth', noAuth: true, startsRun: true },
  { operationId: 'getPostmanCollection', noAuth: true },

  { operationId: 'createDepartment', body: { name: 'Billing {{runId}}', description: 'Invoices, refunds and VAT' }, save: { departmentId: 'data.id' } },
  { operationId: 'getDepartment', params: { id: '{{departmentId}}' } },
  { operationId: 'listDepartments' },
  { operationId: 'updateDepartment', params: { id: '{{departmentId}}' }, body: { description: 'Invoices, refunds, VAT and payment plans' } },
  {
    operationId: 'deleteDepartment',
    params: { id: '{{spareDepartmentId}}' },
    spare: { path: '/api/v1/departments', body: { name: 'Spare {{runId}}' }, as: 'spareDepartmentId' },
  },

  { operationId: 'createCategory', body: { name: 'Invoices {{runId}}', department_id: id('departmentId') }, save: { categoryId: 'data.id' } },
  { operationId: 'getCategory', params: { id: '{{categoryId}}' } },
  { operationId: 'listCategories' },
  { operationId: 'updateCategory', params: { id: '{{categoryId}}' }, body: { description: 'Wrong amounts, missing invoices' } },
  {
    operationId: 'deleteCategory',
    params: { id: '{{spareCategoryId}}' },
    spare: { path: '/api/v1/categories', body: { name: 'Spare {{runId}}' }, as: 'spareCategoryId' },
  },

  {
    operationId: 'createCustomField',
    body: { entity: 'ticket', key: 'order_ref_{{runId}}', label: 'Order reference', type: 'text' },
    save: { customFieldId: 'data.id' },
  },
  { operationId: 'getCustomField', params: { id: '{{customFieldId}}' } },
  { operationId: 'listCustomFields' },
  { operationId: 'updateCustomField', params: { id: '{{customFieldId}}' }, body: { label: 'Order number' } },
  { operationId: 'deleteCustomField', params: { id: '{{customFieldId}}' } },

  {
    operationId: 'createAgent',
    body: { first_name: 'Sam', last_name: 'Rivera', email: 'sam.rivera.{{runId}}@acme.example', role: 'agent', department_ids: [id('departmentId')] },
    save: { agentId: 'data.id' },
  },
  { operationId: 'getAgent', params: { id: '{{agentId}}' } },
  { operationId: 'listAgents' },
  { operationId: 'updateAgent', params: { id: '{{agentId}}' }, body: { skills: ['billing', 'refunds'], max_tickets: 30 } },
  { operationId: 'listAgentTickets', params: { id: '{{agentId}}' } },
  { operationId: 'getAgentPerformance', params: { id: '{{agentId}}' } },
  { operationId: 'endAgentSessions', params: { id: '{{agentId}}' } },

  {
    operationId: 'createCustomer',
    body: { ...referenceRequests.createCustomer, email: 'john.smith.{{runId}}@acme.example' },
    save: { customerId: 'data.id' },
  },
  { operationId: 'getCustomer', params: { id: '{{customerId}}' } },
  { operationId: 'listCustomers', query: { search: 'john' } },
  { operationId: 'updateCustomer', params: { id: '{{customerId}}' }, body: { phone: '+1-555-987-6543' } },
  { operationId: 'listCustomerTickets', params: { id: '{{customerId}}' } },
  {
    operationId: 'deleteCustomer',
    params: { id: '{{spareCustomerId}}' },
    spare: { path: '/api/v1/customers', body: { first_name: 'Spare', email: 'spare.{{runId}}@acme.example' }, as: 'spareCustomerId' },
  },

  { operationId: 'createTicket', body: ticket, save: { ticketId: 'data.id' } },
  { operationId: 'getTicket', params: { id: '{{ticketId}}' } },
  { operationId: 'listTickets', query: { status: 'open', priority: 'high', sort: 'created_at', order: 'desc' } },
  { operationId: 'searchTickets', query: { q: 'login' } },
  { operationId: 'assignTicket', params: { id: '{{ticketId}}' }, body: { agent_id: id('agentId') } },
  {
    operationId: 'createTicketReply',
    params: { id: '{{ticketId}}' },
    body: referenceRequests.createTicketReply,
    save: { replyId: 'data.id', fileId: 'data.attachments.0.id' },
  },
  { operationId: 'createTicketComment', params: { id: '{{ticketId}}' }, body: { content: 'Checked the auth logs: the password hash was stale.' } },
  {
    operationId: 'uploadTicketAttachments',
    params: { id: '{{ticketId}}' },
    raw: { contentType: `multipart/form-data; boundary=${BOUNDARY}`, body: attachment },
  },
  { operationId: 'setTicketPresence', params: { id: '{{ticketId}}' }, body: { typing: false } },
  { operationId: 'leaveTicket', params: { id: '{{ticketId}}' } },
  {
    operationId: 'resendTicketReplyEmail',
    params: { id: '{{ticketId}}', reply_id: '{{replyId}}' },
    expect: {
      status: [202, 409],
      why: "A resend is for a reply whose email failed: 202 then. While the reply's email is queued or sent, or when the desk sends no email, it answers 409.",
    },
  },
  { operationId: 'updateTicket', params: { id: '{{ticketId}}' }, body: { ...referenceRequests.updateTicket, assigned_agent_id: id('agentId') } },
  { operationId: 'rateTicket', params: { id: '{{ticketId}}' }, body: { rating: 5, comment: 'Fixed within the hour, thank you.' } },
  { operationId: 'listTicketActivity', params: { id: '{{ticketId}}' } },
  {
    operationId: 'bulkCreateTickets',
    body: {
      tickets: [
        { subject: 'VPN drops every hour', customer_id: id('customerId'), priority: 'high' },
        { subject: 'Request for a second licence', customer_id: id('customerId') },
      ],
    },
  },
  { operationId: 'bulkUpdateTickets', body: { tickets: [{ id: id('ticketId'), tags: ['billing', 'vip'] }] } },
  {
    operationId: 'deleteTicket',
    params: { id: '{{spareTicketId}}' },
    spare: { path: '/api/v1/tickets', body: { subject: 'Spare {{runId}}' }, as: 'spareTicketId' },
  },
  // A new duplicate each run: merged, the merge undone, then merged again by the bulk route.
  {
    operationId: 'mergeTicket',
    params: { id: '{{duplicateTicketId}}' },
    body: { into: id('ticketId') },
    spare: { path: '/api/v1/tickets', body: { subject: 'Cannot log in (again) {{runId}}' }, as: 'duplicateTicketId' },
  },
  { operationId: 'undoTicketMerge', params: { id: '{{duplicateTicketId}}' } },
  { operationId: 'bulkMergeTickets', body: { into: id('ticketId'), tickets: [id('duplicateTicketId')] } },

  { operationId: 'downloadFile', params: { id: '{{fileId}}' } },

  { operationId: 'createView', body: { name: 'High priority {{runId}}', query: '?status=open&priority=high' }, save: { viewId: 'data.id' } },
  { operationId: 'listViews' },
  { operationId: 'listNotifications', query: { unread: 'true' } },
  { operationId: 'countUnreadNotifications' },
  { operationId: 'markNotificationsRead', body: { all: true } },
  { operationId: 'deleteView', params: { id: '{{viewId}}' } },

  // Shared, as an admin key writes them; no {{variables}} in the body here, since Postman would read them as its own.
  {
    operationId: 'createMacro',
    body: { name: 'Refund approved {{runId}}', body: 'Your refund is on its way.', visibility: 'shared', actions: { status: 'pending', add_tags: ['refund'] } },
    save: { macroId: 'data.id' },
  },
  { operationId: 'listMacros', query: { search: 'Refund' } },
  { operationId: 'getMacro', params: { id: '{{macroId}}' } },
  { operationId: 'updateMacro', params: { id: '{{macroId}}' }, body: { actions: { status: 'pending', add_tags: ['refund', 'billing'] } } },
  // The collection runs in the document's order, where applying (a ticket route) comes before the macro routes: it makes its own.
  {
    operationId: 'applyMacro',
    params: { id: '{{ticketId}}', macro_id: '{{applyMacroId}}' },
    spare: {
      path: '/api/v1/macros',
      body: { name: 'Tagged billing {{runId}}', body: 'Thanks for your patience.', visibility: 'shared', actions: { add_tags: ['billing'] } },
      as: 'applyMacroId',
    },
  },
  { operationId: 'deleteMacro', params: { id: '{{macroId}}' } },

  {
    operationId: 'createSlaPolicy',
    body: {
      name: 'Billing hours {{runId}}',
      department_id: id('departmentId'),
      time_zone: 'Europe/London',
      business_hours: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => ({ day, start: '09:00', end: '17:00' })),
      holidays: ['2026-12-25'],
      targets: { urgent: { first_response_minutes: 60, resolution_minutes: 480 }, high: { first_response_minutes: 240, resolution_minutes: 1440 } },
    },
    save: { slaPolicyId: 'data.id' },
  },
  { operationId: 'listSlaPolicies' },
  { operationId: 'getSlaPolicy', params: { id: '{{slaPolicyId}}' } },
  { operationId: 'updateSlaPolicy', params: { id: '{{slaPolicyId}}' }, body: { holidays: ['2026-12-25', '2026-12-26'] } },
  { operationId: 'deleteSlaPolicy', params: { id: '{{slaPolicyId}}' } },

  {
    operationId: 'createWebhook',
    body: { url: '{{webhookUrl}}', events: ['ticket.created', 'ticket.updated'], description: 'CRM sync' },
    save: { webhookId: 'data.id' },
  },
  { operationId: 'getWebhook', params: { id: '{{webhookId}}' } },
  { operationId: 'listWebhooks' },
  { operationId: 'updateWebhook', params: { id: '{{webhookId}}' }, body: { events: ['ticket.created', 'ticket.updated', 'ticket.resolved'] } },
  { operationId: 'testWebhook', params: { id: '{{webhookId}}' }, save: { deliveryId: 'data.id' } },
  { operationId: 'listWebhookDeliveries', params: { id: '{{webhookId}}' } },
  { operationId: 'getWebhookDelivery', params: { id: '{{webhookId}}', delivery_id: '{{deliveryId}}' } },
  { operationId: 'redeliverWebhookDelivery', params: { id: '{{webhookId}}', delivery_id: '{{deliveryId}}' } },
  { operationId: 'rotateWebhookSecret', params: { id: '{{webhookId}}' } },
  { operationId: 'deleteWebhook', params: { id: '{{webhookId}}' } },

  {
    operationId: 'createMailbox',
    body: { name: 'Support {{runId}}', address: 'support.{{runId}}@acme.example', from_name: 'Acme Support' },
    save: { mailboxId: 'data.id', mailboxToken: 'data.inbound_token' },
  },
  { operationId: 'getMailbox', params: { id: '{{mailboxId}}' } },
  { operationId: 'listMailboxes' },
  { operationId: 'updateMailbox', params: { id: '{{mailboxId}}' }, body: { department_id: id('departmentId') } },
  {
    operationId: 'testMailbox',
    params: { id: '{{mailboxId}}' },
    expect: {
      status: 409,
      why: 'This mailbox takes mail through the relay endpoint only: with no IMAP host there is no connection to test, so it answers 409.',
    },
  },
  { operationId: 'rotateMailboxToken', params: { id: '{{mailboxId}}' }, save: { mailboxToken: 'data.inbound_token' } },
  {
    operationId: 'deleteMailbox',
    params: { id: '{{spareMailboxId}}' },
    spare: { path: '/api/v1/mailboxes', body: { name: 'Spare {{runId}}', address: 'spare.{{runId}}@acme.example' }, as: 'spareMailboxId' },
  },

  {
    operationId: 'receiveInboundEmail',
    noAuth: true,
    headers: { 'X-Loopdesk-Mailbox-Token': '{{mailboxToken}}' },
    raw: { contentType: 'message/rfc822', body: inboundEmail },
  },

  { operationId: 'createApiKey', body: { name: 'Reporting export {{runId}}', permission: 'read', rate_limit: 500 }, save: { apiKeyId: 'data.id' } },
  { operationId: 'getApiKey', params: { id: '{{apiKeyId}}' } },
  { operationId: 'listApiKeys' },
  { operationId: 'updateApiKey', params: { id: '{{apiKeyId}}' }, body: { rate_limit: 2000 } },
  { operationId: 'revokeApiKey', params: { id: '{{apiKeyId}}' } },

  {
    operationId: 'createOAuthApp',
    body: {
      name: 'Calendar sync {{runId}}',
      redirect_uris: ['https://calendar.acme.example/oauth/callback'],
      confidential: true,
      scopes: ['tickets:read', 'tickets:write'],
    },
    save: { oauthAppId: 'data.id' },
  },
  { operationId: 'getOAuthApp', params: { id: '{{oauthAppId}}' } },
  { operationId: 'listOAuthApps' },
  { operationId: 'updateOAuthApp', params: { id: '{{oauthAppId}}' }, body: { description: 'Shows tickets due this week in the team calendar' } },
  { operationId: 'rotateOAuthAppSecret', params: { id: '{{oauthAppId}}' } },
  { operationId: 'listOAuthAppGrants', params: { id: '{{oauthAppId}}' } },
  { operationId: 'deleteOAuthApp', params: { id: '{{oauthAppId}}' } },

  { operationId: 'getMyNotifications', expect: KEYS_ACT_FOR_NOBODY },
  { operationId: 'updateMyNotifications', body: { ticket_assigned: true }, expect: KEYS_ACT_FOR_NOBODY },
  { operationId: 'getMyPreferences', expect: KEYS_ACT_FOR_NOBODY },
  { operationId: 'updateMyPreferences', body: { time_zone: 'America/New_York' }, expect: KEYS_ACT_FOR_NOBODY },
  { operationId: 'changeMyPassword', body: { current_password: 'the current password', password: 'a new passphrase of 4 words' }, expect: KEYS_ACT_FOR_NOBODY },
  { operationId: 'endMyOtherSessions', expect: KEYS_ACT_FOR_NOBODY },
  { operationId: 'listAuthorizedApps', expect: KEYS_ACT_FOR_NOBODY },
  { operationId: 'revokeAuthorizedApp', params: { id: '1' }, expect: KEYS_ACT_FOR_NOBODY },

  // The update sends the desk's own values back, so a run changes no setting.
  { operationId: 'getEmailSettings', save: { acknowledgement: 'data.acknowledgement', ticketsPerSender: 'data.tickets_per_sender_per_hour' } },
  { operationId: 'updateEmailSettings', body: { acknowledgement: id('acknowledgement'), tickets_per_sender_per_hour: id('ticketsPerSender') } },

  { operationId: 'getTeamReport' },

  { operationId: 'listAuditLog' },
  { operationId: 'exportAuditLog' },
];
