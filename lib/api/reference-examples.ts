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
