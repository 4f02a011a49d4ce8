import { EmptySection } from '../../app/EmptySection';

export function ClientsPage() {
  return <EmptySection title="Clients" emptyText="No clients yet. Intake, the waitlist and client charts will appear here." />;
}
