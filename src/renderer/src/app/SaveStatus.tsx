import { Text, VisuallyHidden } from '@mantine/core';
import type { Formatters } from '../../../shared/format';
import type { SaveState } from '../hooks/useAutosave';
import { useFormat } from '../i18n/useFormat';
import { st } from '../i18n/staff';

function visibleText(state: SaveState, format: Formatters): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'pending':
    case 'saving':
      return st('app.SaveStatus.saving');
    case 'saved':
      return st('app.SaveStatus.saved', { time: format.time(state.at) });
    case 'error':
      return st('app.SaveStatus.notSaved', { reason: state.message });
  }
}

/**
 * Where an editor's autosave stands. Sighted users see every step; the polite live region speaks
 * only when saving settles or fails, so a screen reader is not interrupted twice a second while
 * someone types. `data-save-state` lets tests wait for a save instead of sleeping.
 */
export function SaveStatus({ state, label }: { state: SaveState; label: string }) {
  const format = useFormat();
  const spoken = state.kind === 'error' ? st('app.SaveStatus.labelNotSaved', { label, reason: state.message }) : state.kind === 'saved' ? st('app.SaveStatus.labelSaved', { label }) : '';
  return (
    <>
      <Text size="xs" c={state.kind === 'error' ? 'red.8' : 'dimmed'} data-save-state={state.kind} data-save-label={label} aria-hidden style={{ minHeight: '1.2em' }}>
        {visibleText(state, format)}
      </Text>
      <VisuallyHidden role="status" aria-live="polite">
        {spoken}
      </VisuallyHidden>
    </>
  );
}
