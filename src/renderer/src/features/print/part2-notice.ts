import { PART2_NOTICE_SOURCE, PART2_REDISCLOSURE_NOTICE, PART2_REDISCLOSURE_NOTICE_SHORT } from '../../../../shared/exports';
import type { PrintNotice } from './PrintLayout';
import { st } from '../../i18n/staff';

/** The 42 CFR Part 2 notice printed with every document from a Part 2 record. */
export const PART2_PRINT_NOTICE: PrintNotice = {
  title: st('print.part2Notice.title'),
  text: PART2_REDISCLOSURE_NOTICE,
  short: PART2_REDISCLOSURE_NOTICE_SHORT,
  source: `${PART2_NOTICE_SOURCE.citation}. ${PART2_NOTICE_SOURCE.rule}.`,
};
