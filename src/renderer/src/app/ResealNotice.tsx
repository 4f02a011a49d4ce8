import { Alert, List, Progress, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useServices } from './services';
import { useObservable } from '../hooks/useObservable';

/** Progress of sealing older records again at this release's version, and any that could not be. */
export function ResealNotice() {
  const { resealer } = useServices();
  const progress = useObservable(resealer.progress$, resealer.progress$.value);
  if (progress.status === 'running' && progress.total > 0) {
    return (
      <Alert color="blue" icon={<IconRefresh aria-hidden />} title="Updating records to this version of Waypoint" mb="md" role="status">
        <Text size="sm" mb="xs">
          {progress.done} of {progress.total} records updated. You can keep working meanwhile.
        </Text>
        <Progress value={(100 * progress.done) / progress.total} aria-label="Records updated" size="sm" />
      </Alert>
    );
  }
  if (progress.failed.length === 0) return null;
  return (
    <Alert color="orange" icon={<IconRefresh aria-hidden />} title="Some records could not be updated" mb="md" role="region">
      <Text size="sm">
        {progress.failed.length === 1 ? 'One record was' : `${progress.failed.length} records were`} left exactly as stored; the others are up to date.
      </Text>
      <List size="sm">
        {progress.failed.slice(0, 5).map((f) => (
          <List.Item key={`${f.collection}/${f.id}`}>
            {f.collection} {f.id}: {f.reason}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
