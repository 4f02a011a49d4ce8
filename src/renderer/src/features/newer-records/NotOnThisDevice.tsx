import { useEffect, useState } from 'react';
import { Alert, Anchor, Loader } from '@mantine/core';
import { Link } from 'react-router';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';

/**
 * In place of a record a screen could not open: either a newer release wrote it (kept read-only,
 * with where to see it) or this device does not have it.
 */
export function NotOnThisDevice({ collection, id, missing }: { collection: string; id: string; missing: string }) {
  const { newerRecords } = useServices();
  const [newer, setNewer] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    newerRecords.isNewer(collection, id).then(
      (found) => live && setNewer(found),
      () => live && setNewer(false),
    );
    return () => {
      live = false;
    };
  }, [newerRecords, collection, id]);
  if (newer === null) return <Loader aria-label={st('newer-records.NotOnThisDevice.loadingTheRecord')} />;
  if (!newer) return <Alert color="red">{missing}</Alert>;
  return (
    <Alert color="blue" title={st('newer-records.NotOnThisDevice.madeByANewerVersion')}>
      {st('newer-records.NotOnThisDevice.thisRecordIsKeptUnchanged')}{' '}
      <Anchor component={Link} to="/newer-records">
        {st('newer-records.NotOnThisDevice.viewItReadOnly')}
      </Anchor>
    </Alert>
  );
}
