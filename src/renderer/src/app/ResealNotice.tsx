import { Alert, List, Progress, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useServices } from './services';
import { useObservable } from '../hooks/useObservable';
import { st } from '../i18n/staff';

/** Progress of sealing older records again at this release's version, and any that could not be. */
export function ResealNotice() {
  const { resealer } = useServices();
  const progress = useObservable(resealer.progress$, resealer.progress$.value);
  if (progress.status === 'running' && progress.total > 0) {
    return (
      <Alert color="blue" icon={<IconRefresh aria-hidden />} title={st('app.ResealNotice.updating')} mb="md" role="status">
        <Text size="sm" mb="xs">
          {st('app.ResealNotice.progress', { done: progress.done, total: progress.total })}
        </Text>
        <Progress value={(100 * progress.done) / progress.total} aria-label={st('app.ResealNotice.recordsUpdated')} size="sm" />
      </Alert>
    );
  }
  if (progress.failed.length === 0) return null;
  return (
    <Alert color="orange" icon={<IconRefresh aria-hidden />} title={st('app.ResealNotice.someNotUpdated')} mb="md" role="region">
      <Text size="sm">
        {progress.failed.length === 1 ? st('app.ResealNotice.oneLeft') : st('app.ResealNotice.manyLeft', { records: progress.failed.length })}
      </Text>
      <List size="sm">
        {progress.failed.slice(0, 5).map((f) => (
          <List.Item key={`${f.collection}/${f.id}`}>
            {st('app.ResealNotice.failure', { collection: f.collection, id: f.id, reason: f.reason })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
