/**
 * A screen of the app as it renders (Mantine, the router, the app's services), into this page:
 * from the first render until the screen says it is ready.
 */
import '@mantine/core/styles.css';
import { createElement, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { createMemoryRouter, RouterProvider, useRouteError } from 'react-router';
import { ServicesProvider, type AppServices } from '../../src/renderer/src/app/services';
import { theme } from '../../src/renderer/src/theme';

/** How long a screen may take before the case fails naming it (a screen that never gets ready would otherwise hold the run). */
const RENDER_LIMIT_MS = 120_000;

/**
 * Renders `element` at `url` (matched by `path`) and resolves with the milliseconds until `ready`
 * finds it ready; then unmounts it. A render error, or no readiness in RENDER_LIMIT_MS, fails with its message.
 */
export async function renderRoute(services: AppServices, route: { path: string; url: string; element: ReactElement; ready: (host: HTMLElement) => boolean }): Promise<number> {
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  // React Router's default boundary would show the error and wait for ever: the case fails with it instead.
  let failed: (error: unknown) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const Failed = () => {
    const error = useRouteError();
    failed(new Error(`${route.url} did not render: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    return null;
  };
  const router = createMemoryRouter([{ path: route.path, element: route.element, errorElement: createElement(Failed) }], { initialEntries: [route.url] });
  const started = performance.now();
  root.render(createElement(MantineProvider, { theme }, createElement(ServicesProvider, { services, children: createElement(RouterProvider, { router }) })));
  try {
    await Promise.race([
      failure,
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (route.ready(host)) resolve();
          else if (performance.now() - started > RENDER_LIMIT_MS) reject(new Error(`${route.url} was not ready after ${RENDER_LIMIT_MS / 1000} s; on screen: ${host.textContent?.slice(0, 300) ?? ''}`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    ]);
    return performance.now() - started;
  } finally {
    root.unmount();
    host.remove();
  }
}
