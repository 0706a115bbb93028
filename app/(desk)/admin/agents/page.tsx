import type { Metadata } from 'next';
import { AgentList } from '@/components/admin/agents/agent-list';

export const metadata: Metadata = { title: 'Agents · Settings · Loopdesk' };

export default function AgentsSettingsPage() {
  return <AgentList />;
}
