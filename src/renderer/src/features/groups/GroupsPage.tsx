import { EmptySection } from '../../app/EmptySection';

export function GroupsPage() {
  return <EmptySection title="Groups & Sessions" emptyText="No groups or sessions yet. Groups, schedules and today's sessions will appear here." />;
}
