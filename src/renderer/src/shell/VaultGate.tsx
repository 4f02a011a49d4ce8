import { Center, Loader } from '@mantine/core';
import { App } from './App';
import { useServices } from '../app/services';
import { useObservable } from '../hooks/useObservable';
import { SetupWizard } from '../features/vault/SetupWizard';
import { UnlockScreen } from '../features/vault/UnlockScreen';
import { st } from '../i18n/staff';

/** Nothing of the practice is rendered until the vault is unlocked; locking unmounts it all. */
export function VaultGate() {
  const { vault } = useServices();
  const state = useObservable(vault.state$, vault.state$.value);
  switch (state.status) {
    case 'loading':
      return (
        <Center mih="100vh">
          <Loader aria-label={st('shell.VaultGate.openingWaypoint')} />
        </Center>
      );
    case 'setup':
      return <SetupWizard />;
    case 'locked':
      return <UnlockScreen practiceName={state.practiceName} profiles={state.profiles} reason={state.reason} />;
    case 'unlocked':
      return <App unlock={state} />;
  }
}
