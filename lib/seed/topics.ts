/**
 * What a seeded desk's tickets are about: its departments, categories, custom fields and tags, and
 * the topics customers write in with. A topic's share of tickets is its `share` (in percent).
 *
 * The login topics together take 25%, and only they contain the word "login": that is what makes
 * SEED_COMMON_WORD (vocabulary.ts) appear in a quarter of the tickets, whatever else is written.
 */

export const DEPARTMENTS = [
  // `agents`: this department's part of the team, in percent.
  { name: 'Technical Support', agents: 40 },
  { name: 'Billing', agents: 20 },
  { name: 'Accounts', agents: 15 },
  { name: 'Integrations', agents: 15 },
  { name: 'Sales', agents: 10 },
] as const;

export type DepartmentName = (typeof DEPARTMENTS)[number]['name'];

export const CATEGORIES: readonly { name: string; department: DepartmentName }[] = [
  { name: 'Login Issues', department: 'Technical Support' },
  { name: 'Bug Report', department: 'Technical Support' },
  { name: 'Performance', department: 'Technical Support' },
  { name: 'Invoices', department: 'Billing' },
  { name: 'Payments', department: 'Billing' },
  { name: 'Account Settings', department: 'Accounts' },
  { name: 'Privacy Requests', department: 'Accounts' },
  { name: 'API & Webhooks', department: 'Integrations' },
  { name: 'Import & Export', department: 'Integrations' },
  { name: 'Plans & Pricing', department: 'Sales' },
  { name: 'Feature Request', department: 'Sales' },
];

/** The ticket custom fields a seed defines; values are drawn in tickets.ts. */
export const CUSTOM_FIELDS = [
  { key: 'plan', label: 'Plan', type: 'select', options: ['Free', 'Starter', 'Pro', 'Enterprise'] },
  { key: 'app_version', label: 'App version', type: 'text', options: [] },
  { key: 'affected_users', label: 'Affected users', type: 'number', options: [] },
] as const;

/** Plans by share of tickets (percent), in the order of CUSTOM_FIELDS' plan options. */
export const PLAN_SHARES = [30, 35, 25, 10];

export const APP_VERSIONS = ['4.12.1', '4.12.0', '4.11.3', '4.11.2', '4.10.0', '4.9.5', '5.0.0-beta.2'];

/** Tags that are no topic's own: added to some tickets whatever they are about, by share (percent). */
export const GENERAL_TAGS: readonly [string, number][] = [
  ['follow-up', 30],
  ['vip', 15],
  ['escalated', 12],
  ['needs-info', 10],
  ['duplicate', 8],
  ['churn-risk', 6],
  ['regression', 5],
  ['known-issue', 5],
  ['enterprise', 4],
  ['legal', 3],
  ['translation', 2],
];

export type Topic = {
  department: DepartmentName;
  category: string | null;
  share: number;
  /** How replies name the problem ("the {topic}"). */
  phrase: string;
  tags: readonly [string, string];
  subjects: readonly string[];
  /** May hold {device} and {term}, filled from vocabulary.ts. */
  descriptions: readonly string[];
};

export const TOPICS: readonly Topic[] = [
  {
    department: 'Technical Support',
    category: 'Login Issues',
    share: 7,
    phrase: 'login loop',
    tags: ['login', 'sso'],
    subjects: ['Stuck in a login loop', 'Login page keeps reloading', 'Redirected back to the login screen', 'Login loop after the last update'],
    descriptions: [
      'Every time I enter my password the login page reloads and asks again. This happens on {device}. Our IT team mentioned {term}.',
      'Since this morning the whole team is sent back to the login screen right after signing in. We use {device}.',
      'After the update the login keeps looping between two pages. Clearing cookies did not help. Could it be {term}?',
    ],
  },
  {
    department: 'Technical Support',
    category: 'Login Issues',
    share: 6,
    phrase: 'login problem after the password reset',
    tags: ['login', 'password'],
    subjects: ['Password reset email never arrives, cannot login', 'Cannot login after resetting my password', 'Reset link expired before I could login'],
    descriptions: [
      'I requested a password reset three times but no email arrived, so I cannot login at all. I checked the spam folder on {device}.',
      'The reset worked but the new password is rejected at login. I am on {device}.',
      'The reset link says it has expired although I clicked it within a minute. I still cannot login. Maybe {term} is involved?',
    ],
  },
  {
    department: 'Technical Support',
    category: 'Login Issues',
    share: 5,
    phrase: 'two-factor code at login',
    tags: ['login', '2fa'],
    subjects: ['Two-factor code rejected at login', 'SMS codes arrive too late to login', 'Lost my phone, need to login without 2FA'],
    descriptions: [
      'The six-digit code from the authenticator app is always rejected at login. The clock on {device} is correct.',
      'SMS codes take several minutes to arrive, by then the login form has expired.',
      'I replaced my phone and can no longer login because the authenticator is gone. Please help me reset two-factor.',
    ],
  },
  {
    department: 'Accounts',
    category: 'Account Settings',
    share: 4,
    phrase: 'locked account and login',
    tags: ['login', 'locked-account'],
    subjects: ['Account locked after failed login attempts', 'Login blocked: too many attempts', 'Please unlock my account so I can login'],
    descriptions: [
      'A colleague tried my account and now login is blocked for me. Can you unlock it? I am using {device}.',
      'We see "too many attempts" at login for several users at once. We suspect {term}.',
    ],
  },
  {
    department: 'Technical Support',
    category: 'Login Issues',
    share: 3,
    phrase: 'single sign-on login',
    tags: ['login', 'sso'],
    subjects: ['SSO login fails with an error', 'SAML login returns an invalid response', 'Login with Google workspace stopped working'],
    descriptions: [
      'Our identity provider shows success but the login ends with an error page. Nothing changed on our side except {term}.',
      'Single sign-on login fails for new employees only; existing ones can still sign in on {device}.',
    ],
  },
  {
    department: 'Billing',
    category: 'Invoices',
    share: 7,
    phrase: 'invoice',
    tags: ['invoice', 'billing'],
    subjects: [
      'Invoice shows the wrong amount',
      'VAT number missing on our invoice',
      'Need the invoice in a different currency',
      'Invoice address is outdated',
    ],
    descriptions: [
      'Our latest invoice charges for more seats than we have. Our finance team needs a corrected invoice before the month closes.',
      'The VAT number is missing on the invoice, so our accountant cannot book it. The invoice was opened on {device}.',
      'Please reissue the invoice with our new company address. Our procurement mentioned {term}.',
    ],
  },
  {
    department: 'Billing',
    category: 'Payments',
    share: 5,
    phrase: 'duplicate charge',
    tags: ['refund', 'billing'],
    subjects: ['Charged twice this month', 'Refund for a duplicate payment', 'Unexpected charge on our card'],
    descriptions: [
      'We were charged twice for the same subscription period. Please refund the duplicate payment.',
      'There is a charge on our card that we do not recognise. It appeared after we changed plans.',
    ],
  },
  {
    department: 'Billing',
    category: 'Payments',
    share: 5,
    phrase: 'failed payment',
    tags: ['payment', 'billing'],
    subjects: ['Card declined at renewal', 'Payment failed but the bank says it is fine', 'Cannot update the credit card'],
    descriptions: [
      'The renewal payment was declined although the card is valid. The bank sees no attempt. We paid from {device}.',
      'The form to update our card shows a spinner forever. Our bank mentioned {term}.',
    ],
  },
  {
    department: 'Sales',
    category: 'Plans & Pricing',
    share: 4,
    phrase: 'plan change',
    tags: ['plan-change', 'sales'],
    subjects: ['Upgrade to the Enterprise plan', 'Downgrade at the end of the term', 'Switch from monthly to yearly billing'],
    descriptions: [
      'We would like to upgrade before the next billing cycle. What happens to the unused days?',
      'Please downgrade us to Starter when the current term ends. We no longer need {term}.',
    ],
  },
  {
    department: 'Integrations',
    category: 'Import & Export',
    share: 6,
    phrase: 'export',
    tags: ['export', 'performance'],
    subjects: ['Export to CSV times out', 'Export file is empty', 'Scheduled export did not run last night'],
    descriptions: [
      'Exporting all records never finishes; after ten minutes the browser gives up. Tried on {device}.',
      'The exported CSV only contains the header row although the view shows thousands of rows.',
      'The nightly export job did not run and nobody was notified. Could it be {term}?',
    ],
  },
  {
    department: 'Integrations',
    category: 'Import & Export',
    share: 4,
    phrase: 'import',
    tags: ['import', 'csv'],
    subjects: ['CSV import fails on row 1', 'Import mixes up the columns', 'Special characters broken after import'],
    descriptions: [
      'The import stops at the first row with "invalid format" although the file comes from your own template.',
      'After the import, accents and umlauts show up as question marks. The file was saved on {device}.',
    ],
  },
  {
    department: 'Integrations',
    category: 'API & Webhooks',
    share: 4,
    phrase: 'webhook deliveries',
    tags: ['webhooks', 'api'],
    subjects: ['Webhook deliveries failing since Monday', 'Webhook signature does not verify', 'Duplicate webhook events'],
    descriptions: [
      'Our endpoint returns 200 but the deliveries show as failed. Our gateway logs mention {term}.',
      'The signature we compute never matches the header. We follow the documentation exactly.',
    ],
  },
  {
    department: 'Integrations',
    category: 'API & Webhooks',
    share: 4,
    phrase: 'API rate limit',
    tags: ['api', 'rate-limit'],
    subjects: ['API returns 429 Too Many Requests', 'Rate limit lower than documented', 'Retry-After header missing'],
    descriptions: [
      'Our nightly sync hits the rate limit after a few hundred calls although we stay under the documented limit.',
      'The API answers 429 without a Retry-After header, so our client retries too fast. We run it behind {term}.',
    ],
  },
  {
    department: 'Integrations',
    category: 'API & Webhooks',
    share: 3,
    phrase: 'API key',
    tags: ['api', 'api-key'],
    subjects: ['API key rejected with 401', 'New API key does not work', 'Which permission does this endpoint need?'],
    descriptions: [
      'A brand new API key is rejected with 401 Unauthorized. The old one still works.',
      'We created a read key for reporting but every call is refused. The requests come from {term}.',
    ],
  },
  {
    department: 'Technical Support',
    category: 'Bug Report',
    share: 5,
    phrase: 'missing notifications',
    tags: ['notifications', 'email'],
    subjects: ['Not receiving email notifications', 'Notifications arrive hours late', 'Too many notification emails'],
    descriptions: [
      'We stopped receiving notification emails last week. Our mail server admin mentioned {term}.',
      'Notifications arrive hours after the event, which defeats their purpose. We read them on {device}.',
    ],
  },
  {
    department: 'Technical Support',
    category: 'Performance',
    share: 4,
    phrase: 'slow dashboard',
    tags: ['performance', 'dashboard'],
    subjects: ['Dashboard very slow to load', 'Reports page takes a minute', 'Search is slow since yesterday'],
    descriptions: [
      'The dashboard takes almost a minute to load for our team. It is fast for small accounts. We use {device}.',
      'Since yesterday every search takes ages. Nothing changed on our side except {term}.',
    ],
  },
  {
    department: 'Technical Support',
    category: 'Bug Report',
    share: 4,
    phrase: 'app crash',
    tags: ['mobile', 'crash'],
    subjects: ['Mobile app crashes on start', 'App freezes when opening a ticket', 'Push notifications stopped'],
    descriptions: [
      'The app crashes right after the splash screen on {device}. Reinstalling did not help.',
      'Opening any ticket with an attachment freezes the app. Maybe related to {term}.',
    ],
  },
  {
    department: 'Technical Support',
    category: 'Bug Report',
    share: 3,
    phrase: 'attachment upload',
    tags: ['attachments', 'upload'],
    subjects: ['Cannot upload attachments', 'Upload stops at 99%', 'PDF attachments open as blank pages'],
    descriptions: [
      'Uploading any file larger than a few megabytes fails with a network error on {device}.',
      'Attachments upload fine but open as blank pages for our customers. Our IT team suspects {term}.',
    ],
  },
  {
    department: 'Sales',
    category: 'Feature Request',
    share: 5,
    phrase: 'feature request',
    tags: ['feature-request', 'feedback'],
    subjects: ['Feature request: dark mode', 'Feature request: bulk edit', 'Could you add a calendar view?'],
    descriptions: [
      'Our team works late and would love a dark mode. Many of us use {device}.',
      'Editing records one by one takes forever. A bulk edit would save us hours every week.',
      'A calendar view would help us plan. We currently copy everything into {term}.',
    ],
  },
  {
    department: 'Accounts',
    category: 'Account Settings',
    share: 3,
    phrase: 'seat change',
    tags: ['seats', 'users'],
    subjects: ['Add five more seats', 'Remove a user who left the company', 'Transfer ownership of our account'],
    descriptions: [
      'We are hiring and need five more seats from next Monday.',
      'A colleague left the company; please remove her and transfer her records to me.',
    ],
  },
  {
    department: 'Accounts',
    category: 'Privacy Requests',
    share: 2,
    phrase: 'data deletion request',
    tags: ['gdpr', 'privacy'],
    subjects: ['GDPR data deletion request', 'Request for a copy of our data', 'Where is our data stored?'],
    descriptions: [
      'Under GDPR we ask you to delete all personal data of a former employee.',
      'Our data protection officer needs to know where our data is stored and who processes it. She mentioned {term}.',
    ],
  },
  {
    department: 'Sales',
    category: 'Plans & Pricing',
    share: 2,
    phrase: 'trial',
    tags: ['trial', 'sales'],
    subjects: ['Can we extend our trial?', 'Trial ended before we could test', 'Trial data after purchase'],
    descriptions: [
      'Our evaluation took longer than planned. Could you extend the trial by two weeks?',
      'If we buy now, do we keep everything we set up during the trial?',
    ],
  },
  {
    department: 'Sales',
    category: 'Plans & Pricing',
    share: 3,
    phrase: 'pricing question',
    tags: ['pricing', 'sales'],
    subjects: ['Nonprofit discount?', 'Price for 200 seats', 'Do you offer invoicing instead of card payment?'],
    descriptions: [
      'We are a registered charity. Do you offer a discount for nonprofits?',
      'We are comparing offers for 200 seats. What would the yearly price be with {term}?',
    ],
  },
  {
    department: 'Integrations',
    category: 'API & Webhooks',
    share: 2,
    phrase: 'Slack integration',
    tags: ['slack', 'integration'],
    subjects: ['Slack integration disconnected', 'Slack messages posted twice', 'Connect a second Slack workspace'],
    descriptions: [
      'The Slack integration disconnected on its own and reconnecting fails with an error.',
      'Every update is posted twice to our Slack channel. We recently added {term}.',
    ],
  },
];
