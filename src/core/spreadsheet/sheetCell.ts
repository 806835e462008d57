/**
 * One cell as the importer needs it, whatever the source (xlsx stream, CSV): text, a number with its
 * display format, a calendar date, or an Excel error value. Formulas are already replaced by their result.
 */
export type SheetCell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; numFmt: string | null }
  /** A calendar date as Excel shows it; `hasDay` is false for year-month formats such as yyyy.mm. */
  | { kind: 'date'; iso: string; hasDay: boolean }
  | { kind: 'error'; text: string };

export interface SheetRow {
  /** Row number as Excel shows it (1-based). */
  row: number;
  /** Sparse, indexed by column number (A = 1). */
  cells: (SheetCell | undefined)[];
}

/** ExcelJS's test, minus quoted text and [colour]/[locale] sections, which may contain date letters. */
export function isDateFormat(numFmt: string | null | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /[ymdhsb]/i.test(bare) && !/^general$/i.test(bare);
}

function hasDayPart(numFmt: string | null | undefined): boolean {
  if (!numFmt) return true;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, '');
  return /d/i.test(bare);
}

const DAY_MS = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoFromUtc(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * Excel serial day number → ISO date. The 1900 system counts a 29 Feb 1900 that never was (Lotus's bug), so
 * serials from 61 on are one day behind a plain count; the 1904 system (old Mac Excel) starts at 1904-01-01.
 * Time of day is dropped, after rounding to the millisecond: 29221.999999999996 is float noise for 29222.
 */
export function excelSerialToIso(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2_958_466) return null;
  const days = Math.floor(Math.round(serial * DAY_MS) / DAY_MS);
  if (date1904) return isoFromUtc(Date.UTC(1904, 0, 1) + days * DAY_MS);
  if (days === 0 || days === 60) return null;
  return isoFromUtc((days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30)) + days * DAY_MS);
}

function dateCell(iso: string | null, numFmt: string | null | undefined): SheetCell | undefined {
  if (iso === null) return undefined;
  const hasDay = hasDayPart(numFmt);
  return { kind: 'date', iso: hasDay ? iso : iso.slice(0, 7), hasDay };
}

/**
 * Converts an ExcelJS cell value. Dates arrive as JS Dates whose UTC fields are Excel's wall-clock date
 * (ExcelJS has already applied the 1904 offset); formula results arrive as bare numbers even when the cell
 * has a date format, so those are converted here from the serial.
 */
export function fromExcelValue(value: unknown, numFmt: string | null | undefined, date1904: boolean): SheetCell | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : { kind: 'text', text: value };
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { kind: 'error', text: '#VALUE!' };
    if (isDateFormat(numFmt)) return dateCell(excelSerialToIso(value, date1904), numFmt) ?? { kind: 'number', value, numFmt: numFmt ?? null };
    return { kind: 'number', value, numFmt: numFmt ?? null };
  }
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) {
    const ms = Math.round(value.getTime() / 1000) * 1000;
    return Number.isNaN(ms) ? undefined : dateCell(isoFromUtc(Math.floor(ms / DAY_MS) * DAY_MS), numFmt);
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      const text = (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
      return text.trim() === '' ? undefined : { kind: 'text', text };
    }
    if ('formula' in v || 'sharedFormula' in v) return 'result' in v ? fromExcelValue(v.result, numFmt, date1904) : undefined;
    if (typeof v.error === 'string') return { kind: 'error', text: v.error };
    if ('text' in v) return fromExcelValue(v.text, numFmt, date1904);
  }
  return undefined;
}

/** Excel's General display of a number: 15 significant digits, scientific from 12 integer digits. */
export function generalNumberText(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e11) return String(value);
  if (Math.abs(value) >= 1e11) return value.toExponential(5).replace(/\.?0+e/, 'e').replace('e+', 'E+').replace('e-', 'E-');
  return String(Number(value.toPrecision(15)));
}

/** The cell as the clerk sees it, for headers, messages and the error list. */
export function cellText(cell: SheetCell | undefined): string {
  if (!cell) return '';
  switch (cell.kind) {
    case 'text':
      return cell.text.trim();
    case 'number':
      return generalNumberText(cell.value);
    case 'date':
      return cell.iso;
    case 'error':
      return cell.text;
  }
}

/** Column number → letters as Excel shows them (1 → A, 27 → AA). */
export function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
