import { lazy, Suspense, type ComponentType } from 'react';
import { createHashRouter, Navigate, RouterProvider, useRouteError, type RouteObject } from 'react-router';
import { KIOSK_PATH, useArmedKiosk } from '../features/measures/kiosk';
import { usePracticeAutoLock } from '../features/vault/useAutoLock';
import { AppFrame } from './AppFrame';
import { useObservable } from '../hooks/useObservable';
import { ErrorScreen } from '../app/ErrorScreen';
import { ScreenLoading } from '../app/ScreenLoading';
import { usePersistentStorage } from '../app/usePersistentStorage';
import { useServices } from '../app/services';
import { st } from '../i18n/staff';

/**
 * Each screen is its own chunk, loaded when first shown: the set-up and unlock screens do not wait
 * for the whole app. Navigation runs in a React transition, so the previous screen stays until the
 * next one has loaded; only a first visit shows the frame's loading state.
 */
function screen<M>(load: () => Promise<M>, name: keyof M & string): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

const DashboardPage = screen(() => import('../features/dashboard/DashboardPage'), 'DashboardPage');
const ClientsPage = screen(() => import('../features/clients/ClientsPage'), 'ClientsPage');
const NewClientPage = screen(() => import('../features/clients/NewClientPage'), 'NewClientPage');
const EditClientPage = screen(() => import('../features/clients/NewClientPage'), 'EditClientPage');
const ClientChartPage = screen(() => import('../features/clients/chart/ClientChartPage'), 'ClientChartPage');
const GroupsPage = screen(() => import('../features/groups/GroupsPage'), 'GroupsPage');
const GroupPage = screen(() => import('../features/groups/GroupPage'), 'GroupPage');
const SessionWorkspacePage = screen(() => import('../features/sessions/SessionWorkspacePage'), 'SessionWorkspacePage');
const NotesPage = screen(() => import('../features/sessions/NotesPage'), 'NotesPage');
const PlansPage = screen(() => import('../features/plans/PlansPage'), 'PlansPage');
const PlanPage = screen(() => import('../features/plans/PlanPage'), 'PlanPage');
const ReviewsDuePage = screen(() => import('../features/authorizations/ReviewsDuePage'), 'ReviewsDuePage');
const ReportsPage = screen(() => import('../features/reports/ReportsPage'), 'ReportsPage');
const ClientSummaryPrintPage = screen(() => import('../features/print/ClientSummaryPrintPage'), 'ClientSummaryPrintPage');
const PlanPrintPage = screen(() => import('../features/print/PlanPrintPage'), 'PlanPrintPage');
const AftercarePrintPage = screen(() => import('../features/print/AftercarePrintPage'), 'AftercarePrintPage');
const ReleasePrintPage = screen(() => import('../features/print/ReleasePrintPage'), 'ReleasePrintPage');
const ProgressNotePrintPage = screen(() => import('../features/print/ProgressNotePrintPage'), 'ProgressNotePrintPage');
const ConsentPrintPage = screen(() => import('../features/part2/ConsentPrintPage'), 'ConsentPrintPage');
const AccountingPrintPage = screen(() => import('../features/part2/AccountingPrintPage'), 'AccountingPrintPage');
const SettingsPage = screen(() => import('../features/settings/SettingsPage'), 'SettingsPage');
const BreachLogPage = screen(() => import('../features/part2/BreachLogPage'), 'BreachLogPage');
const AuditTrailPage = screen(() => import('../features/audit/AuditTrailPage'), 'AuditTrailPage');
const AttentionPage = screen(() => import('../features/attention/AttentionPage'), 'AttentionPage');
const KioskPage = screen(() => import('../features/measures/KioskPage'), 'KioskPage');
const NewGroupPage = screen(() => import('../features/groups/NewGroupPage'), 'NewGroupPage');
const NewerRecordsPage = screen(() => import('../features/newer-records/NewerRecordsPage'), 'NewerRecordsPage');

function RouteError() {
  const error = useRouteError();
  return <ErrorScreen error={error instanceof Error ? error : new Error(st('shell.App.thisPageCouldNotBe'))} />;
}

function Frame() {
  const { bridge } = useServices();
  usePracticeAutoLock();
  const storage = usePersistentStorage(bridge);
  // While a kiosk runs, any other address (typed, a stale link, history) leads back to it.
  const kiosk = useArmedKiosk();
  if (kiosk) return <Navigate to={KIOSK_PATH} replace state={kiosk} />;
  return <AppFrame storage={storage} />;
}

// Hash routes: app://waypoint serves files only (no fallback to index.html), so the route lives in the hash.
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
      { path: 'authorizations', element: <ReviewsDuePage /> },
      { path: 'print/clients/:clientId', element: <ClientSummaryPrintPage /> },
      { path: 'print/clients/:clientId/disclosures', element: <AccountingPrintPage /> },
      { path: 'print/clients/:clientId/consents/:consentId', element: <ConsentPrintPage /> },
      { path: 'print/plans/:planId', element: <PlanPrintPage /> },
      { path: 'print/clients/:clientId/episodes/:episodeId/aftercare', element: <AftercarePrintPage /> },
      { path: 'print/clients/:clientId/releases/:releaseId', element: <ReleasePrintPage /> },
      { path: 'print/sessions/:sessionId/notes/:clientId', element: <ProgressNotePrintPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'settings/audit', element: <AuditTrailPage /> },
      { path: 'settings/breaches', element: <BreachLogPage /> },
      { path: 'attention', element: <AttentionPage /> },
      { path: 'newer-records', element: <NewerRecordsPage /> },
      { path: '*', element: <Navigate to="/clients" replace /> },
    ],
  },
  // Outside the frame: the client sees the measures and nothing else.
  {
    path: KIOSK_PATH,
    element: (
      <Suspense fallback={<ScreenLoading />}>
        <KioskPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
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
  const { clock } = useServices();
  // Nothing dated is shown until the practice's time zone is known.
  const zone = useObservable(clock.zone$, clock.zone$.value);
  return zone === null ? <ScreenLoading /> : <RouterProvider router={routerFor(unlock)} />;
}
