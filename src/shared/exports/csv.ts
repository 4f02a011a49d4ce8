/**
 * CSV for spreadsheets: RFC 4180 (comma separated, CRLF line ends, a field quoted when it holds a
 * comma, quote, CR or LF, quotes doubled), and protection against formula injection: a text cell
 * starting with = + - @ tab or CR gets a leading apostrophe, so Excel, LibreOffice and Sheets show
 * it as text instead of running it (OWASP, "CSV Injection").
 */

export type CsvValue = string | number;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') {
    // A number is written by us, never typed by a user, so it cannot carry a formula.
    if (!Number.isFinite(value)) throw new RangeError(`Not a number that fits in a CSV cell: ${value}`);
    return String(value);
  }
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to a CSV document; every record, the last included, ends with CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
