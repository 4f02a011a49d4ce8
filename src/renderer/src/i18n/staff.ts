/**
 * The staff namespace (docs/I18N.md): what only staff read, in English (US), the default language.
 * Staff screens never change language, so one fixed translator serves every component and helper
 * without a hook; a key not in `locales/staff/en-US.json` is a type error, as for `t`.
 */
import { DEFAULT_LOCALE } from '../../../shared/format';
import { i18next } from './i18n';

export const st = i18next.getFixedT(DEFAULT_LOCALE, 'staff');
