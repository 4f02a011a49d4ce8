import { useMemo } from 'react';
import { from, of, switchMap } from 'rxjs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ArchivedClient } from '../../sync/retention';

/** The clients archived off this laptop, read again after each archive or return; null while reading. */
export function useArchived(): ArchivedClient[] | null {
  const { retention } = useServices();
  const archived$ = useMemo(() => (retention === undefined ? of([]) : retention.changes$.pipe(switchMap(() => from(retention.archived())))), [retention]);
  return useObservable<ArchivedClient[] | null>(archived$, null);
}
