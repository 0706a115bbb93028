/** The integrator guides beside the API reference, in reading order: the nav, the index and each page's title read this list. */
export type Guide = { slug: string; title: string; summary: string };

export const guides: readonly Guide[] = [
  { slug: 'quick-start', title: 'Quick start', summary: 'Create a ticket, list open tickets and reply, with curl, TypeScript or Python.' },
  { slug: 'authentication', title: 'Authentication', summary: 'API keys with read, write or admin permission, and OAuth 2.0 for apps that act for an agent.' },
  { slug: 'pagination', title: 'Pagination', summary: 'Page numbers and the pagination object, cursors for ticket lists, and the SDK iterators.' },
  { slug: 'filtering-and-search', title: 'Filtering and search', summary: 'List filters, custom field filters, sorting, and the full-text search syntax.' },
  {
    slug: 'errors-and-retries',
    title: 'Errors and retries',
    summary: 'The error envelope and its codes, request ids, which requests are safe to retry, and Idempotency-Key.',
  },
  { slug: 'rate-limits', title: 'Rate limits', summary: 'The budget headers, 429 with Retry-After, and backing off with jitter.' },
  { slug: 'webhooks', title: 'Webhooks', summary: 'Events, both signature schemes, verifying a delivery, retries and deduplication.' },
  { slug: 'checklist', title: 'Integration checklist', summary: "The reference's checklist, each item with where Loopdesk covers it." },
];

export function guideBySlug(slug: string): Guide {
  const guide = guides.find((g) => g.slug === slug);
  if (!guide) throw new Error(`No guide named ${slug}`);
  return guide;
}

export const guideHref = (slug: string) => `/docs/guides/${slug}`;
