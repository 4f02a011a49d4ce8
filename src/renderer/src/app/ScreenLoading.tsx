import { Center, Loader, VisuallyHidden } from '@mantine/core';
import './screen-loading.css';
import { st } from '../i18n/staff';

/**
 * While a screen's code loads: a polite status for screen readers at once, the spinner only after
 * a moment (so a fast load does not flash), in a box tall enough that the frame does not move.
 */
export function ScreenLoading() {
  return (
    <Center mih="50vh" role="status">
      <Loader className="screen-loading-spinner" aria-hidden />
      <VisuallyHidden>{st('app.ScreenLoading.loading')}</VisuallyHidden>
    </Center>
  );
}
