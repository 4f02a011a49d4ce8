import { describe, expect, it } from 'vitest';
import type { RosterName } from '../../src/shared/phi-guard';
import { findNamesInText, maskNames } from '../../src/shared/phi-guard';

// Obviously synthetic names only.
const zyx: RosterName = { clientId: 'zyx', firstName: 'Zyxwvut', lastName: 'Quibbleworth', preferredName: 'Zyx' };
const testa: RosterName = { clientId: 'testa', firstName: 'Testa', lastName: 'Exampleton-Froobish', preferredName: '' };
const zoe: RosterName = { clientId: 'zoe', firstName: 'Zoë', lastName: 'Ñandúvar', preferredName: '' };
const jo: RosterName = { clientId: 'jo', firstName: 'Jo', lastName: 'Plinkerton', preferredName: '' };
const quorra: RosterName = { clientId: 'quorra', firstName: 'Quorra-Vell', lastName: 'de la Ximplo' };
const brix: RosterName = { clientId: 'brix', firstName: 'Brix', lastName: "O'Quillagh", preferredName: '' };
const roster = [zyx, testa, zoe, jo, quorra, brix];

/** [clientId, text as written] per match, after checking each offset picks out exactly that text. */
function names(text: string, members: readonly RosterName[] = roster): [string, string][] {
  return findNamesInText(text, members).map(({ clientId, matched, index, length }) => {
    expect(text.slice(index, index + length)).toBe(matched);
    return [clientId, matched];
  });
}

describe('findNamesInText', () => {
  it('finds a first name with offsets the editor can highlight', () => {
    expect(findNamesInText('Today Testa shared a coping plan.', roster)).toEqual([{ clientId: 'testa', matched: 'Testa', index: 6, length: 5 }]);
  });

  it('matches whole words only', () => {
    expect(names('The Testament, a protesta, Testas and Zyxwvutly are no one here.')).toEqual([]);
    expect(names('Zyx2 and 2Zyx are not names either.')).toEqual([]);
  });

  it('warns on any whole-word mention, whatever its case', () => {
    expect(names('we talked about testa and TESTA')).toEqual([
      ['testa', 'testa'],
      ['testa', 'TESTA'],
    ]);
  });

  it('ignores diacritics both ways, keeping the text as written', () => {
    expect(names('Zoe Nanduvar, ZOË, zoe and ÑANDÚVAR')).toEqual([
      ['zoe', 'Zoe Nanduvar'],
      ['zoe', 'ZOË'],
      ['zoe', 'zoe'],
      ['zoe', 'ÑANDÚVAR'],
    ]);
    expect(names('Zoe checked in.', [{ ...zoe, firstName: 'Zoe' }])).toEqual([['zoe', 'Zoe']]);
  });

  it('covers a decomposed accent in the highlight', () => {
    const text = 'Zoe\u0308 spoke.';
    expect(findNamesInText(text, roster)).toEqual([{ clientId: 'zoe', matched: 'Zoe\u0308', index: 0, length: 4 }]);
  });

  it('finds possessives, straight or curly, without the ending', () => {
    expect(names("Zyx's goal and Zyx’s plan")).toEqual([
      ['zyx', 'Zyx'],
      ['zyx', 'Zyx'],
    ]);
  });

  it('finds names among punctuation', () => {
    expect(names('(Testa) “Testa,” Testa. —Testa— [Testa]!\nTesta')).toEqual(Array.from({ length: 6 }, () => ['testa', 'Testa']));
  });

  it('prefers the full name over its parts, in either order', () => {
    expect(names('Testa Exampleton-Froobish joined; later Exampleton-Froobish, Testa left.')).toEqual([
      ['testa', 'Testa Exampleton-Froobish'],
      ['testa', 'Exampleton-Froobish, Testa'],
    ]);
    expect(names('Zyxwvut  Quibbleworth and Zyx Quibbleworth')).toEqual([
      ['zyx', 'Zyxwvut  Quibbleworth'],
      ['zyx', 'Zyx Quibbleworth'],
    ]);
  });

  it('finds hyphenated names written with a space, without the hyphen, or in part', () => {
    expect(names('Exampleton Froobish; ExampletonFroobish; Froobish; Exampleton')).toEqual([
      ['testa', 'Exampleton Froobish'],
      ['testa', 'ExampletonFroobish'],
      ['testa', 'Froobish'],
      ['testa', 'Exampleton'],
    ]);
    expect(names('Quorra said Quorra Vell and Vell agreed')).toEqual([
      ['quorra', 'Quorra'],
      ['quorra', 'Quorra Vell'],
      ['quorra', 'Vell'],
    ]);
  });

  it('finds multi-word names whole and by their longer words', () => {
    expect(names('De La Ximplo, dela ximplo, Ximplo; de la mode')).toEqual([
      ['quorra', 'De La Ximplo'],
      ['quorra', 'dela ximplo'],
      ['quorra', 'Ximplo'],
    ]);
  });

  it('finds an apostrophe name with or without its apostrophe', () => {
    expect(names("O'Quillagh, O’Quillagh's and OQuillagh")).toEqual([
      ['brix', "O'Quillagh"],
      ['brix', 'O’Quillagh'],
      ['brix', 'OQuillagh'],
    ]);
    expect(names("O'Quillagh", [{ ...brix, lastName: 'OQuillagh' }])).toEqual([['brix', "O'Quillagh"]]);
  });

  it('finds a name of under three letters only within the full name', () => {
    expect(names('Jo said Jo would go.')).toEqual([]);
    expect(names('Jo Plinkerton and Plinkerton, Jo; Plinkerton')).toEqual([
      ['jo', 'Jo Plinkerton'],
      ['jo', 'Plinkerton, Jo'],
      ['jo', 'Plinkerton'],
    ]);
    expect(names('Li came; Aru Li came.', [{ clientId: 'aru', firstName: 'Aru', lastName: 'Li' }])).toEqual([['aru', 'Aru Li']]);
  });

  it('finds preferred names', () => {
    expect(names('Zyx led the check-in.')).toEqual([['zyx', 'Zyx']]);
  });

  it('is not fooled by invisible characters inside a name', () => {
    const text = 'Tes\u00ADta and Zyx\u200Bwvut';
    expect(findNamesInText(text, roster)).toEqual([
      { clientId: 'testa', matched: 'Tes\u00ADta', index: 0, length: 6 },
      { clientId: 'zyx', matched: 'Zyx\u200Bwvut', index: 11, length: 8 },
    ]);
  });

  it('keeps offsets right after characters that fold to more or fewer units', () => {
    const text = 'Straße 🙂 ﬁne, Testa';
    const [match] = findNamesInText(text, roster);
    expect(match).toEqual({ clientId: 'testa', matched: 'Testa', index: text.indexOf('Testa'), length: 5 });
  });

  it('reports several members in text order', () => {
    expect(findNamesInText('Brix thanked Zyx; Testa and Zoë nodded.', roster).map(({ clientId, index }) => [clientId, index])).toEqual([
      ['brix', 0],
      ['zyx', 13],
      ['testa', 18],
      ['zoe', 28],
    ]);
  });

  it('gives a shared name to every member who has it', () => {
    const twin: RosterName = { clientId: 'twin', firstName: 'Testa', lastName: 'Quibbleworth' };
    expect(names('Testa spoke.', [testa, twin])).toEqual([
      ['testa', 'Testa'],
      ['twin', 'Testa'],
    ]);
    expect(names('Testa Quibbleworth spoke.', [testa, twin, zyx])).toEqual([['twin', 'Testa Quibbleworth']]);
  });

  it('finds nothing without names or members', () => {
    expect(findNamesInText('', roster)).toEqual([]);
    expect(findNamesInText('The group practised grounding.', roster)).toEqual([]);
    expect(findNamesInText('Testa', [])).toEqual([]);
    expect(findNamesInText('Testa', [{ clientId: 'blank', firstName: ' ', lastName: '-' }])).toEqual([]);
  });
});

describe('maskNames', () => {
  it('replaces each match, leaving the rest as written', () => {
    const text = "Zyx's goal; Testa Exampleton-Froobish and Zoë agreed.";
    expect(maskNames(text, findNamesInText(text, roster))).toBe("[member]'s goal; [member] and [member] agreed.");
  });

  it('masks a span shared by two members once', () => {
    const twin: RosterName = { clientId: 'twin', firstName: 'Testa', lastName: 'Quibbleworth' };
    const text = 'Ask Testa.';
    expect(maskNames(text, findNamesInText(text, [testa, twin]))).toBe('Ask [member].');
  });

  it('accepts matches in any order and leaves text without matches alone', () => {
    expect(maskNames('Zyx and Testa', [{ index: 8, length: 5 }, { index: 0, length: 3 }])).toBe('[member] and [member]');
    expect(maskNames('No names here.', [])).toBe('No names here.');
  });
});
