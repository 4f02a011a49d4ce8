import { useEffect, useState } from 'react';
import { createHashRouter, Navigate, RouterProvider, useRouteError, type RouteObject } from 'react-router';
import type { StoragePersistence } from '../../../shared/bridge';
import { ClientsPage } from '../features/clients/ClientsPage';
import { EditClientPage, NewClientPage } from '../features/clients/NewClientPage';
import { ClientChartPage } from '../features/clients/chart/ClientChartPage';
import { GroupPage } from '../features/groups/GroupPage';
import { NewGroupPage } from '../features/groups/NewGroupPage';
import { NotesPage } from '../features/sessions/NotesPage';
import { SessionWorkspacePage } from '../features/sessions/SessionWorkspacePage';
import { GroupsPage } from '../features/groups/GroupsPage';
import { PlanPage } from '../features/plans/PlanPage';
import { PlansPage } from '../features/plans/PlansPage';
import { ReportsPage } from '../features/reports/ReportsPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { ClientSummaryPrintPage } from '../features/print/ClientSummaryPrintPage';
import { PlanPrintPage } from '../features/print/PlanPrintPage';
import { ProgressNotePrintPage } from '../features/print/ProgressNotePrintPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { AuditTrailPage } from '../features/audit/AuditTrailPage';
import { ClientModePage } from '../features/measures/ClientModePage';
import { usePracticeAutoLock } from '../features/vault/useAutoLock';
import { AppFrame } from './AppFrame';
import { ErrorScreen } from './ErrorScreen';
import { useServices } from './services';

function RouteError() {
  const error = useRouteError();
  return <ErrorScreen error={error instanceof Error ? error : new Error('This page could not be shown')} />;
}

function Frame() {
  const { bridge } = useServices();
  usePracticeAutoLock();
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
const routes: RouteObject[] = [
  {
    path: '/',
    element: <Frame />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: 'dashboard', element: <DashboardPage /> },
      { path: 'clients', element: <ClientsPage /> },
      { path: 'clients/new', element: <NewClientPage /> },
      { path: 'clients/:clientId', element: <ClientChartPage /> },
      { path: 'clients/:clientId/edit', element: <EditClientPage /> },
      { path: 'groups', element: <GroupsPage /> },
      { path: 'groups/new', element: <NewGroupPage /> },
      { path: 'groups/:groupId', element: <GroupPage /> },
      { path: 'sessions/:sessionId', element: <SessionWorkspacePage /> },
      { path: 'notes', element: <NotesPage /> },
      { path: 'plans', element: <PlansPage /> },
      { path: 'plans/:planId', element: <PlanPage /> },
      { path: 'reports', element: <ReportsPage /> },
      { path: 'print/clients/:clientId', element: <ClientSummaryPrintPage /> },
      { path: 'print/plans/:planId', element: <PlanPrintPage /> },
      { path: 'print/sessions/:sessionId/notes/:clientId', element: <ProgressNotePrintPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'settings/audit', element: <AuditTrailPage /> },
      { path: '*', element: <Navigate to="/clients" replace /> },
    ],
  },
  // Outside the frame: the client sees the questionnaire and nothing else.
  { path: '/client-mode', element: <ClientModePage />, errorElement: <RouteError /> },
];

let current: { unlock: object; router: ReturnType<typeof createHashRouter> } | null = null;

/**
 * One router per unlock, made when that unlock first renders, so it starts from the address the
 * next-user rule left (features/vault/next-user.ts). Keyed by the unlock, so rendering twice is harmless.
 */
function routerFor(unlock: object): ReturnType<typeof createHashRouter> {
  if (current?.unlock !== unlock) {
    current?.router.dispose();
    current = { unlock, router: createHashRouter(routes) };
  }
  return current.router;
}

/** `unlock`: the vault's unlocked state, a new object at every unlock. */
export function App({ unlock }: { unlock: object }) {
  return <RouterProvider router={routerFor(unlock)} />;
}
