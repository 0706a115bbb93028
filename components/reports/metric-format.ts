type MetricValue = string | number | null | undefined;

/**
 * A metric as an agent reads it: first-contact resolution, a share of the resolved tickets, as a
 * percentage (the API gives 0.5; the desk shows 50%), and a metric with no value as a dash.
 */
export function formatMetric(key: string, value: MetricValue): string {
  if (value === null || value === undefined) return '—';
  if (key === 'first_contact_resolution' && typeof value === 'number') return `${Math.round(value * 100)}%`;
  return String(value);
}
