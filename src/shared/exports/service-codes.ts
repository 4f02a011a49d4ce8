/**
 * The practice's billing codes per kind of service, and the optional per-diem code for an IOP day
 * (S9480 with many commercial payers; H0015 for substance-use IOP of at least 3 hours a day on at
 * least 3 days a week). Payers differ, so this is a setting with defaults, never hard-coded.
 */
import { z } from 'zod';
import type { ServiceType } from '../hours';
import { message } from '../messages';

/** A service code as payers print it, or '' for none. */
export const serviceCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([A-Z0-9]{5}(-[A-Z0-9]{2}){0,4})?$/, message('shared:serviceCodes.code'));

const code = serviceCodeSchema;
const services = z
  .object({ group: code, individual: code, family: code, psychiatric: code, workshop: code })
  .strict() satisfies z.ZodType<Record<ServiceType, string>>;

export const serviceCodeMappingSchema = z
  .object({
    /** '' leaves the service uncoded: the billing office codes it (e.g. time-based psychotherapy codes). */
    services,
    perDiem: z
      .object({
        code: code.refine((value) => value !== '', message('shared:serviceCodes.choosePerDiem')),
        /** A day qualifies with at least this many minutes attended. */
        minimumMinutes: z
          .number(message('shared:serviceCodes.minimumNumber'))
          .int(message('shared:serviceCodes.minimumWhole'))
          .min(1, message('shared:serviceCodes.minimumRange'))
          .max(1440, message('shared:serviceCodes.minimumRange')),
      })
      .strict()
      .nullable(),
  })
  .strict();

export type ServiceCodeMapping = z.infer<typeof serviceCodeMappingSchema>;

/** Per-diem codes the settings screen offers; any valid code may be typed instead. */
export const PER_DIEM_CODES = {
  S9480: 'Intensive outpatient psychiatric services, per diem',
  H0015: 'Alcohol and/or drug services; intensive outpatient (at least 3 hours a day, 3 days a week)',
} as const;

export const DEFAULT_SERVICE_CODES: ServiceCodeMapping = {
  // 90853 group psychotherapy; 90847 family psychotherapy with the patient present.
  services: { group: '90853', individual: '', family: '90847', psychiatric: '', workshop: '' },
  perDiem: { code: 'S9480', minimumMinutes: 180 },
};
