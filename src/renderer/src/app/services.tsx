import { createContext, useContext, type ReactNode } from 'react';
import type { WaypointBridge } from '../../../shared/bridge';
import type { SettingsRepository } from '../repositories/settings';

/** What features may use: the OS bridge and the repositories, never RxDB collections. */
export interface AppServices {
  bridge: WaypointBridge;
  settings: SettingsRepository;
}

const ServicesContext = createContext<AppServices | null>(null);

export function ServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (services === null) throw new Error('useServices() is used outside <ServicesProvider>');
  return services;
}
