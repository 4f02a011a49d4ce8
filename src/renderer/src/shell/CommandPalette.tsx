import { useMemo, useState } from 'react';
import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { displayName } from '../../../shared/clients';
import { useServices } from '../app/services';
import { SECTIONS } from '../app/navigation';
import { SETTINGS_SECTIONS, SETTINGS_SHORTCUTS } from '../features/settings/sections';
import { st } from '../i18n/staff';
import { clientStatusLabel } from '../features/clients/clientStatus';

/**
 * Ctrl/⌘+K: find a client by name, preferred name, date of birth or id, or jump to a section,
 * without leaving the keyboard. Client results come from the in-memory index (sealed at rest).
 */
export function CommandPalette() {
  const { search } = useServices();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const actions = useMemo<SpotlightActionData[]>(() => {
    const go = (path: string) => () => void navigate(path);
    const clients = search.search(query, 8).map(({ client }) => ({
      id: client.id,
      label: displayName(client.data),
      description: st('shell.CommandPalette.born', { dateOfBirth: client.data.dateOfBirth, status: clientStatusLabel(client.status) }),
      onClick: go(`/clients/${client.id}`),
    }));
    const sections = [
      ...SECTIONS.map((s) => ({ id: `section-${s.path}`, label: st('shell.CommandPalette.goTo', { section: s.label }), onClick: go(s.path) })),
      { id: 'new-client', label: st('shell.CommandPalette.newClient'), onClick: go('/clients/new') },
      ...[...SETTINGS_SECTIONS, ...SETTINGS_SHORTCUTS].map((s) => ({ id: `settings-${s.id}`, label: st('shell.CommandPalette.settingsSection', { section: s.label }), onClick: go(`/settings#${s.id}`) })),
    ].filter(
      (a) => query.trim() === '' || a.label.toLowerCase().includes(query.trim().toLowerCase()),
    );
    return [...clients, ...sections];
  }, [query, search, navigate]);

  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      // Each search starts empty: Mantine clears the query only when its closing transition ends, which a navigation can cut short.
      onSpotlightClose={() => setQuery('')}
      filter={(_query, all) => all}
      nothingFound={st('shell.CommandPalette.noClientOrSectionMatches')}
      shortcut={['mod + K']}
      // Ctrl+K works from inside a field too (a form with errors puts focus in one); it types nothing there.
      tagsToIgnore={[]}
      scrollable
      maxHeight={420}
      // The dialog's accessible name; the search box already says it on screen, so the header stays hidden.
      title={st('shell.CommandPalette.findAClientOrA')}
      styles={{ header: { display: 'none' } }}
      searchProps={{ leftSection: <IconSearch size={18} aria-hidden />, placeholder: st('shell.CommandPalette.searchPlaceholder'), 'aria-label': st('shell.CommandPalette.findAClientOrA') }}
    />
  );
}
