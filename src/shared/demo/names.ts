/**
 * Invented name parts for the demo practice. Waypoint handles health data, so a demo or screenshot
 * must never show a name that could belong to a real person: every part below is a made-up
 * syllable heavy in z, q, x and y, and no pairing spells a common first name or surname.
 */

export const FIRST_STARTS = [
  'Zor', 'Quel', 'Vex', 'Thyl', 'Brix', 'Yzz', 'Fenn', 'Jyx', 'Myz', 'Drev',
  'Ulth', 'Pox', 'Wyx', 'Gral', 'Orv', 'Skev', 'Trax', 'Vauq', 'Iql', 'Plim',
  'Zib', 'Kwo', 'Oqu', 'Hyv', 'Exa',
] as const;

export const FIRST_ENDS = [
  'vyn', 'aby', 'ix', 'eth', 'quin', 'ozz', 'ulle', 'yra', 'ivo', 'axa',
  'obel', 'umi', 'erq', 'isk', 'oon', 'elth', 'azi', 'yx',
] as const;

export const LAST_STARTS = [
  'Quell', 'Fennix', 'Zorb', 'Vantle', 'Grum', 'Plox', 'Throck', 'Wibb', 'Brazz', 'Muxel',
  'Dorv', 'Klemp', 'Ozzle', 'Trunq', 'Fizz', 'Jubb', 'Skarr', 'Vorp', 'Glim', 'Quib',
  'Yarq', 'Zindle', 'Xob', 'Pquor',
] as const;

export const LAST_ENDS = [
  'aby', 'trot', 'wick', 'ovar', 'ingle', 'ossom', 'ux', 'alby', 'ithrop', 'umber',
  'azz', 'ivvet', 'apple', 'yke', 'onquist', 'ebrow',
] as const;

export const STREET_SUFFIXES = ['Street', 'Avenue', 'Lane', 'Court', 'Road', 'Way'] as const;

/** An obviously fictional town for addresses. */
export const DEMO_CITY = 'Demoville';
