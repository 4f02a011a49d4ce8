/**
 * The notice that must accompany each disclosure of a 42 CFR Part 2 record made with the patient's
 * consent: § 2.32(a), one of two statements, as revised by the 2024 final rule (89 FR 12472,
 * published 16 February 2024, effective 16 April 2024, compliance by 16 February 2026).
 *
 * Wording: NOT yet read on eCFR itself (no access from the build machine). What secondary copies
 * confirm, searched on 2026-12-07: the section heading, the introductory sentence and the first
 * paragraph of Statement 1 (a compliance site's copy of the amended section, truncated there); the
 * whole of Statement 1, items (i)–(iii) and the closing sentence, word for word (the notice
 * constants of a public open-source SUD programme's code); and Statement 2, word for word, in
 * several independent forms (a health plan's member authorisation, a hospital release form). The
 * eCFR and Cornell pages reachable were the pre-2024 text ("Prohibition on re-disclosure"). Check
 * the wording against https://www.ecfr.gov before release and set `checkedOnEcfr`. § 2.32(b) also requires a copy of the
 * consent, or a clear explanation of its scope, to accompany the disclosure: `disclosureCover` below.
 */
import { describeConsent, describeExpiry, describePurposes, type Part2Consent } from '../part2/consent';
import { describeDisclosurePurpose, describeInformation, describeOutsideRecipient, type DisclosureEntry } from '../part2/disclosure';
import { englishMessages, englishText } from '../messages';

export const PART2_NOTICE_SOURCE = {
  citation: '42 CFR 2.32(a), Notice and copy of consent to accompany disclosure',
  rule: 'Confidentiality of Substance Use Disorder (SUD) Patient Records, final rule, 89 FR 12472 (16 February 2024)',
  url: 'https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2/subpart-C/section-2.32',
  /** The date the wording was read on eCFR: null, because it has not been (see above). Set it when someone checks. */
  checkedOnEcfr: null,
  /** What secondary copies confirmed word for word, and where (see above). */
  secondaryCopies: {
    on: '2026-12-07',
    statement1: [
      'https://compliancecosmos.org/notice-and-copy-consent-accompany-disclosure (heading, introduction and first paragraph; truncated)',
      'the notice constants of a public open-source SUD programme codebase on GitHub (the whole statement)',
    ],
    statement2: ['a health plan member authorisation form and a hospital release form, both public (the whole statement)'],
  },
} as const;

/** § 2.32(a)(1), Statement 1. */
export const PART2_REDISCLOSURE_NOTICE = [
  'This record which has been disclosed to you is protected by Federal confidentiality rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that describes the information contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, State, or local authority, against the patient, unless authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or disclosure of this record unless at least one of the following applies:',
  '(i) Further use or disclosure is expressly permitted by the written consent of the individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2.',
  '(ii) You are a covered entity or business associate and have received the record for treatment, payment, or health care operations, or',
  '(iii) You have received the record from a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E.',
  'A general authorization for the release of medical or other information is NOT sufficient to meet the required elements of written consent to further use or redisclose the record (see 42 CFR 2.31).',
].join('\n\n');

/** § 2.32(a)(2), Statement 2: the short form, where space is tight. */
export const PART2_REDISCLOSURE_NOTICE_SHORT = '42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

/**
 * Whether a client's record is a Part 2 record, so that everything disclosed from it carries the
 * notice. Either sign is enough: the client is flagged Part 2 at intake (the practice's marker for
 * someone treated in its substance-use programme; the demo flags its SUD track), or one of their
 * releases of information covers substance-use information, which only a Part 2 record holds. A
 * notice on a record that did not need one costs nothing; a missing one is a violation.
 * Tracks carry no substance-use marker, so a track's name is never guessed at.
 */
export function isPart2Record(client: { flags: readonly string[] }, releases: readonly { scopes: readonly string[] }[]): boolean {
  return client.flags.includes('part2') || releases.some((release) => release.scopes.includes('substance-use'));
}

/** What travels with one disclosure under a consent: the § 2.32(a) notice and the § 2.32(b) scope. */
export interface DisclosureCover {
  title: string;
  notice: string;
  noticeSource: string;
  /** Whether a copy of the consent or an explanation of its scope is given. */
  scope: { heading: string; lines: string[] };
}

export type CoverDisclosure = Pick<DisclosureEntry, 'information' | 'description' | 'recipient' | 'purpose'>;

/**
 * The cover sheet of a disclosure: the full notice, then either a copy of the consent element by
 * element or a plain explanation of what was disclosed, to whom, why and under which consent. The
 * print and the file saved beside an export both use it, so the wording exists once.
 */
export function disclosureCover(consent: Part2Consent, disclosure: CoverDisclosure, cover: DisclosureEntry['cover']): DisclosureCover {
  const signedOn = consent.signature?.signedOn ?? 'an unknown date';
  const scope =
    cover === 'consent-copy'
      ? { heading: 'Copy of the patient’s consent', lines: describeConsent(consent).map(({ label, value }) => `${englishText(label)}: ${englishMessages(value)}`) }
      : {
          heading: 'What was disclosed, and the consent it was disclosed under',
          lines: [
            `Disclosed: ${englishMessages(describeInformation(disclosure.information))} (${disclosure.description}).`,
            `To: ${englishMessages([describeOutsideRecipient(disclosure.recipient)])}.`,
            `For: ${englishMessages([describeDisclosurePurpose(disclosure.purpose)])}.`,
            `Under the written consent of ${consent.patientName}, signed on ${signedOn}, which permits disclosure for ${englishMessages(describePurposes(consent)).toLowerCase()}; it expires: ${englishMessages([describeExpiry(consent.expiry)]).toLowerCase()}.`,
          ],
        };
  return {
    title: 'Notice: 42 CFR Part 2 (substance use disorder records)',
    notice: PART2_REDISCLOSURE_NOTICE,
    noticeSource: `${PART2_NOTICE_SOURCE.citation}. ${PART2_NOTICE_SOURCE.rule}.`,
    scope,
  };
}

/** The cover as plain text, for the file saved beside an export. */
export function disclosureCoverText(cover: DisclosureCover): string {
  return [cover.title, cover.notice, `Source: ${cover.noticeSource}`, cover.scope.heading, ...cover.scope.lines].join('\n\n') + '\n';
}
