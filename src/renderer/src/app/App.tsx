import { useEffect, useMemo, useState } from 'react';
import { createHashRouter, Navigate, RouterProvider, useRouteError } from 'react-router';
import type { StoragePersistence } from '../../../shared/bridge';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../shared/settings';
import { ClientsPage } from '../features/clients/ClientsPage';
import { EditClientPage, NewClientPage } from '../features/clients/NewClientPage';
import { ClientChartPage } from '../features/clients/chart/ClientChartPage';
import { GroupPage } from '../features/groups/GroupPage';
import { NotesPage } from '../features/sessions/NotesPage';
import { SessionWorkspacePage } from '../features/sessions/SessionWorkspacePage';
import { GroupsPage } from '../features/groups/GroupsPage';
import { PlansPage } from '../features/plans/PlansPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { useAutoLock } from '../features/vault/useAutoLock';
import { useObservable } from '../hooks/useObservable';
import { AppFrame } from './AppFrame';
import { ErrorScreen } from './ErrorScreen';
import { useServices } from './services';

function RouteError() {
  const error = useRouteError();
  return <ErrorScreen error={error instanceof Error ? error : new Error('This page could not be shown')} />;
}

function Frame() {
  const { bridge, vault, settings } = useServices();
  const settings$ = useMemo(() => settings.observe(), [settings]);
  const autoLockMinutes = useObservable(settings$, DEFAULT_PRACTICE_SETTINGS).autoLockMinutes;
  useAutoLock(vault, autoLockMinutes);
  const [storage, setStorage] = useState<StoragePersistence | 'checking'>('checking');
  useEffect(() => {
    let live = true;
    bridge.requestPersistentStorage().then(
      (result) => live && setStorage(result),
      () => live && setStorage('unsupported'),
    );
    return () => {
      live = false;
    };
  }, [bridge]);
  return <AppFrame storage={storage} />;
}

// Hash routes: the packaged app loads index.html from file://, where path routes cannot work.
const router = createHashRouter([
  {
    path: '/',
    element: <Frame />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/clients" replace /> },
      { path: 'clients', element: <ClientsPage /> },
      { path: 'clients/new', element: <NewClientPage /> },
      { path: 'clients/:clientId', element: <ClientChartPage /> },
      { path: 'clients/:clientId/edit', element: <EditClientPage /> },
      { path: 'groups', element: <GroupsPage /> },
      { path: 'groups/:groupId', element: <GroupPage /> },
      { path: 'sessions/:sessionId', element: <SessionWorkspacePage /> },
      { path: 'notes', element: <NotesPage /> },
      { path: 'plans', element: <PlansPage /> },
      { path: 'reports', element: <ReportsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <Navigate to="/clients" replace /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
