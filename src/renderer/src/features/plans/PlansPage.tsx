import { EmptySection } from '../../app/EmptySection';

export function PlansPage() {
  return <EmptySection title="Treatment plans" emptyText="No treatment plans yet. Plans and the reviews due will appear here." />;
}
