import { EmptySection } from '../../app/EmptySection';

export function ReportsPage() {
  return <EmptySection title="Reports" emptyText="No reports yet. Attendance, hours and outcome reports will appear here." />;
}
