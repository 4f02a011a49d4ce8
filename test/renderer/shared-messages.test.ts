import { afterEach, describe, expect, it } from 'vitest';
import { clientIdentitySchema } from '../../src/shared/clients';
import { LEVELS_OF_CARE } from '../../src/shared/episodes';
import { zodValidate } from '../../src/renderer/src/app/forms';
import { i18next } from '../../src/renderer/src/i18n/i18n';
import { labelOptions, sharedText } from '../../src/renderer/src/i18n/shared';

describe('messages made in src/shared, translated in the renderer', () => {
  afterEach(() => {
    i18next.removeResourceBundle('es-US', 'shared');
  });

  it('a form shows each shared message in words under its field', () => {
    const validate = zodValidate(clientIdentitySchema);
    expect(validate({ firstName: ' ', lastName: 'Testperson', dateOfBirth: '1990-13-01' })).toEqual({
      firstName: 'First name is required',
      dateOfBirth: 'Date of birth is not a real calendar date',
    });
  });

  it('goes through i18next: a translation of the message and of the field it names is used', () => {
    i18next.addResourceBundle('es-US', 'shared', { validation: { required: '{{field}}: obligatorio' }, fields: { firstName: 'Nombre' }, levels: { iop: 'Ambulatorio intensivo' } });
    expect(sharedText('shared:validation.required', { field: 'shared:fields.firstName' }, 'es-US')).toBe('Nombre: obligatorio');
    expect(sharedText(LEVELS_OF_CARE.iop, {}, 'es-US')).toBe('Ambulatorio intensivo');
    // Staff text stays English, and text that is not a key is left as it is.
    expect(sharedText(LEVELS_OF_CARE.iop)).toBe('Intensive outpatient (IOP)');
    expect(sharedText('Typed by a person')).toBe('Typed by a person');
  });

  it('a label map becomes Select options in words', () => {
    expect(labelOptions(LEVELS_OF_CARE)[1]).toEqual({ value: 'iop', label: 'Intensive outpatient (IOP)' });
  });
});
