import { useMemo } from 'react';
import { Alert, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { newerRecords } from '../db/newer-records';
import { useObservable } from '../hooks/useObservable';

/** Records a newer release wrote are kept as they are and left out of lists: say so, and how to open them. */
export function NewerRecordsNotice() {
  const count = useObservable(useMemo(() => newerRecords.count$(), []), 0);
  if (count === 0) return null;
  return (
    <Alert color="blue" icon={<IconInfoCircle aria-hidden />} title="Made by a newer version of Waypoint" mb="md" role="status">
      <Text size="sm">
        {count === 1 ? 'One record was' : `${count} records were`} made by a newer version of Waypoint: update to edit {count === 1 ? 'it' : 'them'}. {count === 1 ? 'It is' : 'They are'} kept
        unchanged on this device and not shown until then.
      </Text>
    </Alert>
  );
}
