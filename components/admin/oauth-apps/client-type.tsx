import { Badge } from '@/components/ui/badge';
import type { OAuthAppJson } from '@/lib/oauth/schema';

/** Confidential or public, and native when it is: what decides how the app signs in and where it may redirect. */
export function ClientTypeBadges({ app }: { app: Pick<OAuthAppJson, 'confidential' | 'native'> }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      {app.confidential ? <Badge tone="violet">Confidential</Badge> : <Badge tone="sky">Public</Badge>}
      {app.native && <Badge tone="slate">Native</Badge>}
    </span>
  );
}
