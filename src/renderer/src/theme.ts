import { createTheme, darken, DEFAULT_THEME, Loader, luminance, Modal, type CSSVariablesResolver } from '@mantine/core';
import { st } from './i18n/staff';

const LUMINANCE_THRESHOLD = 0.175;

/** Compact enough for 1366×768 laptops; focus rings always visible for keyboard users. */
export const theme = createTheme({
  primaryColor: 'teal',
  // Mantine's default shade 6 fails WCAG AA under white text (teal 2.5:1); shade 9 passes. With
  // autoContrast at this threshold, the filled shades too light for white (yellow, orange, green,
  // lime) get black text instead.
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  luminanceThreshold: LUMINANCE_THRESHOLD,
  defaultRadius: 'sm',
  focusRing: 'always',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif',
  components: {
    // Mantine's close button is an icon only: give screen readers its name.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': st('app.theme.close') } } }),
    // Spinners carry an aria-label ("Loading the chart"), which a bare <span> may not have: give it a role.
    Loader: Loader.extend({ defaultProps: { role: 'status' } }),
  },
});

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Darkens `color` until it reads at WCAG AA (4.5:1) for small text on every one of `backgrounds`. */
function readableOn(color: string, backgrounds: readonly string[]): string {
  let amount = 0;
  while (amount < 0.9 && backgrounds.some((b) => contrast(darken(color, amount), b) < 4.5)) amount += 0.05;
  return amount === 0 ? color : darken(color, amount);
}

const { colors } = DEFAULT_THEME;

/**
 * Text colours at AA contrast in the light scheme: dimmed text and errors a shade darker, and each
 * colour's text (`c="red"`, links) and light-variant text (badges, alerts, the active nav link)
 * darkened enough to read on its own tinted background, hovered or not, and on striped table rows.
 * Passed to MantineProvider next to the theme.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': colors.gray[7],
    '--mantine-color-error': colors.red[9],
    '--mantine-color-anchor': 'var(--mantine-color-teal-text)',
    ...Object.fromEntries(
      Object.entries(colors)
        .filter(([name]) => name !== 'dark')
        .flatMap(([name, shades]): [string, string][] => {
          const readable = readableOn(shades[9], [shades[1], shades[2], colors.gray[1]]);
          const whiteText = luminance(shades[9]) <= LUMINANCE_THRESHOLD;
          return [
            [`--mantine-color-${name}-text`, readable],
            [`--mantine-color-${name}-light-color`, readable],
            // Hovered, a filled shade 9 under white text darkens (Mantine's 9 → 8 would lose contrast).
            ...(whiteText ? [[`--mantine-color-${name}-filled-hover`, darken(shades[9], 0.15)] as [string, string]] : []),
          ];
        }),
    ),
  },
  dark: {},
});
