/**
 * The dashboard as the app renders it (Mantine, the router, the services), into this page: from
 * the first render to its figures on screen.
 */
import '@mantine/core/styles.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { ServicesProvider, type AppServices } from '../../src/renderer/src/app/services';
import { DashboardPage } from '../../src/renderer/src/features/dashboard/DashboardPage';
import { theme } from '../../src/renderer/src/theme';

/** Renders the dashboard and resolves with the milliseconds until its figures are on screen; then unmounts it. */
export async function renderDashboard(services: Partial<AppServices>): Promise<number> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const router = createMemoryRouter([{ path: '/', element: createElement(DashboardPage) }]);
  const started = performance.now();
  root.render(createElement(MantineProvider, { theme }, createElement(ServicesProvider, { services: services as AppServices, children: createElement(RouterProvider, { router }) })));
  await new Promise<void>((resolve) => {
    const check = () => (host.querySelector('[data-ready]') ? resolve() : requestAnimationFrame(check));
    check();
  });
  const elapsed = performance.now() - started;
  root.unmount();
  host.remove();
  return elapsed;
}
