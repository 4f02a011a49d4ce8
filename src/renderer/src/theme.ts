import { createTheme, Modal } from '@mantine/core';

/** Compact enough for 1366×768 laptops; focus rings always visible for keyboard users. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'sm',
  focusRing: 'always',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
  components: {
    // Mantine's close button is an icon only: give screen readers its name.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});
