import { useMemo } from 'react';
import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { IconInfoCircle } from '@tabler/icons-react';
import { newerRecords } from '../db/newer-records';
import { useObservable } from '../hooks/useObservable';
import { st } from '../i18n/staff';

/** Records a newer release wrote are kept as they are and left out of lists: say so, where to see them, and how to edit them. */
export function NewerRecordsNotice() {
  const count = useObservable(useMemo(() => newerRecords.count$(), []), 0);
  if (count === 0) return null;
  return (
    <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title={st('app.NewerRecordsNotice.title')} mb="md" role="status">
      <Text size="sm">
        {count === 1 ? st('app.NewerRecordsNotice.one') : st('app.NewerRecordsNotice.many', { records: count })}{' '}
        <Anchor component={Link} to="/newer-records" size="sm">
          {count === 1 ? st('app.NewerRecordsNotice.viewIt') : st('app.NewerRecordsNotice.viewThem')}
        </Anchor>
      </Text>
    </Alert>
  );
}
