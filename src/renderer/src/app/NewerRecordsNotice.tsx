import { useMemo } from 'react';
import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { IconInfoCircle } from '@tabler/icons-react';
import { newerRecords } from '../db/newer-records';
import { useObservable } from '../hooks/useObservable';

/** Records a newer release wrote are kept as they are and left out of lists: say so, where to see them, and how to edit them. */
export function NewerRecordsNotice() {
  const count = useObservable(useMemo(() => newerRecords.count$(), []), 0);
  if (count === 0) return null;
  return (
    <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title="Made by a newer version of Waypoint" mb="md" role="status">
      <Text size="sm">
        {count === 1 ? 'One record was' : `${count} records were`} made by a newer version of Waypoint: update to edit {count === 1 ? 'it' : 'them'}. {count === 1 ? 'It is' : 'They are'} kept
        unchanged on this device and left out of lists until then.{' '}
        <Anchor component={Link} to="/newer-records" size="sm">
          View {count === 1 ? 'it' : 'them'} read-only
        </Anchor>
      </Text>
    </Alert>
  );
}
