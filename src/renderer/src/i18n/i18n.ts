/**
 * Translations with i18next (docs/I18N.md): one catalogue per locale, English (US) the source.
 * Three namespaces: `translation`, what a client reads (every locale complete), `staff`, what
 * only staff read (English required, other locales optional, falling back to English), and
 * `shared`, the text src/shared makes (its catalogue is src/shared/messages/en-US.json). Staff
 * screens use the default language; a client's screen or document passes its own locale to
 * useTranslation, so one client choosing Spanish never changes what staff see.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../../shared/format';
import { builtInMessage, SHARED_MESSAGES, SHARED_NAMESPACE } from '../../../shared/messages';
import en from './locales/en-US.json';
import es from './locales/es-US.json';
import staffEn from './locales/staff/en-US.json';

export const CATALOGUES: Record<Locale, typeof en> = { 'en-US': en, 'es-US': es };

declare module 'i18next' {
  interface CustomTypeOptions {
    // t('a.key') that is not in the English catalogue is a type error.
    resources: { translation: typeof en; staff: typeof staffEn; shared: typeof SHARED_MESSAGES };
  }
}

void i18next.use(initReactI18next).init({
  resources: { ...Object.fromEntries(LOCALES.map((locale) => [locale, { translation: CATALOGUES[locale] }])), [DEFAULT_LOCALE]: { translation: en, staff: staffEn, [SHARED_NAMESPACE]: SHARED_MESSAGES } },
  ns: ['translation', 'staff', SHARED_NAMESPACE],
  defaultNS: 'translation',
  lng: DEFAULT_LOCALE,
  // A key missing in Spanish would show English; test/unit/i18n-catalogues.test.ts keeps them level.
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  load: 'currentOnly',
  initAsync: false,
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
});

// A check with no message of its own gets a catalogue key, translated like every other message.
z.config({ customError: builtInMessage });

export { i18next };
