/**
 * Request bodies from the API reference, as the document's examples. Where the reference's text
 * could not be sent as it stands, the change is named: its email addresses were mangled in
 * publishing, and its attachment holds a placeholder where base64 belongs.
 */
export const referenceRequests = {
  createTicket: {
    subject: 'Unable to login to account',
    description: 'Customer cannot access account',
    customer_id: 12345,
    department_id: 2,
    category_id: 5,
    priority: 'high',
    status: 'open',
  },
  updateTicket: {
    status: 'resolved',
    priority: 'normal',
    assigned_agent_id: 567,
    internal_note: 'Issue resolved by resetting password hash',
  },
  createTicketReply: {
    content: "We've identified the issue and are working on a resolution. Expected fix time: 2 hours.",
    type: 'public',
    author_type: 'agent',
    // The reference shows "base64_encoded_file_content" here: these are the bytes "%PDF-1.4\n".
    attachments: [{ filename: 'solution_steps.pdf', content: 'JVBERi0xLjQK' }],
  },
  createCustomer: {
    first_name: 'John',
    last_name: 'Smith',
    email: 'john.smith@acme.example',
    phone: '+1-555-123-4567',
    organization: 'Acme Corporation',
    department: 'IT Department',
    title: 'System Administrator',
    address: { street: '123 Business Ave', city: 'New York', state: 'NY', zip: '10001', country: 'United States' },
    custom_fields: { employee_id: 'EMP-12345', cost_center: 'IT-001', manager: 'Jane Doe' },
    preferences: { language: 'en', timezone: 'America/New_York', email_notifications: true },
  },
} as const;

const sarah = { id: 567, name: 'Sarah Johnson', email: 'sarah.johnson@acme.example' };

/**
 * The reference's response examples, as the `data` (and `pagination`) they show. They show a few
 * fields of each resource; the document fills in the rest from the schema (lib/api/schema-example.ts).
 * Its mangled email addresses are written out, and its attachment URLs point at this API's own path.
 */
export const referenceResponses = {
  createTicket: { data: { id: 78901, number: 'TKT-2025-001234', subject: 'Unable to login to account', status: 'open', priority: 'high' } },
  getTicket: {
    data: {
      id: 78901,
      number: 'TKT-2025-001234',
      subject: 'Unable to login to account',
      description: 'Customer cannot access their account after password reset',
      status: 'open',
      priority: 'high',
      created_at: '2025-08-23T10:30:00Z',
      updated_at: '2025-08-23T10:30:00Z',
      due_date: '2025-08-24T18:00:00Z',
      customer: { id: 12345, name: 'John Smith', email: 'john.smith@acme.example', organization: 'Acme Corporation' },
      assigned_agent: sarah,
      department: { id: 2, name: 'Technical Support' },
      category: { id: 5, name: 'Login Issues' },
      custom_fields: { affected_product: 'Web Application', browser: 'Chrome 119' },
      tags: ['login', 'password', 'urgent'],
      attachments: [{ id: 123, filename: 'error_screenshot.png', size: 245760, url: 'https://helpdesk.acme.example/api/v1/files/123/download' }],
      replies: [
        {
          id: 456,
          content: "Thank you for contacting support. We're investigating the login issue.",
          author: { type: 'agent', id: 567, name: 'Sarah Johnson' },
          created_at: '2025-08-23T10:45:00Z',
        },
      ],
    },
  },
  listTickets: {
    data: [
      {
        id: 78901,
        number: 'TKT-2025-001234',
        subject: 'Unable to login to account',
        status: 'open',
        priority: 'high',
        created_at: '2025-08-23T10:30:00Z',
        customer: { id: 12345, name: 'John Smith' },
      },
    ],
    pagination: { current_page: 1, per_page: 25, total: 150, total_pages: 6, has_next: true, has_prev: false },
  },
  createTicketReply: {
    data: {
      id: 789,
      content: "We've identified the issue and are working on a resolution.",
      type: 'public',
      author: { type: 'agent', id: 567, name: 'Sarah Johnson' },
      created_at: '2025-08-23T11:15:00Z',
      attachments: [{ id: 124, filename: 'solution_steps.pdf', size: 102400, url: 'https://helpdesk.acme.example/api/v1/files/124/download' }],
    },
  },
  createCustomer: {
    data: {
      id: 12346,
      first_name: 'John',
      last_name: 'Smith',
      email: 'john.smith@acme.example',
      phone: '+1-555-123-4567',
      organization: 'Acme Corporation',
      status: 'active',
      created_at: '2025-08-23T12:00:00Z',
      last_login: null,
      ticket_count: 0,
    },
  },
  listAgents: {
    data: [
      {
        id: 567,
        first_name: 'Sarah',
        last_name: 'Johnson',
        email: 'sarah.johnson@acme.example',
        role: 'agent',
        status: 'active',
        departments: [{ id: 2, name: 'Technical Support' }],
        skills: ['database', 'web_development', 'troubleshooting'],
        availability: 'available',
        current_tickets: 8,
        max_tickets: 15,
      },
    ],
  },
  getAgentPerformance: {
    data: {
      agent_id: 567,
      period: { start: '2025-08-01T00:00:00Z', end: '2025-08-23T23:59:59Z' },
      metrics: {
        tickets_handled: 156,
        tickets_resolved: 148,
        average_response_time: '2.5 hours',
        average_resolution_time: '8.2 hours',
        customer_satisfaction: 4.7,
        first_contact_resolution: 0.85,
        reopened_tickets: 3,
      },
    },
  },
} as const;
