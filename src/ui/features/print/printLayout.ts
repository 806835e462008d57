import { ROSTER_COLUMNS, rosterColumn, type RosterColumn, type RosterView } from '../../../shared/rosterColumns';

/**
 * The printed roster's geometry and the page CSS (REFERENCE §6): A4 landscape, fixed row height, 第 x 页
 * 共 y 页 in the bottom margin. Pure functions, so the page component only wires them up.
 */

/** Row height on paper: two lines of 10 pt text fit, so long units and posts wrap instead of being cut. */
export const ROW_HEIGHT_MM = 9;
export const HEADER_HEIGHT_MM = 11;
export const INDEX_WIDTH = 5;

/** 宋体 on Windows, 宋体 on macOS, 仿宋 as the next official face, then Noto CJK on Linux (UOS, Kylin, CI). */
export const PRINT_FONTS = "SimSun, 'Songti SC', STSong, FangSong, 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif";
export const TITLE_FONTS = `'方正小标宋简体', 'FZXiaoBiaoSong-B05S', ${PRINT_FONTS}`;
/** The official body face first (REFERENCE §6): 仿宋_GB2312 → FangSong → SimSun → Noto Serif CJK SC. */
export const FANGSONG_FONTS = "'仿宋_GB2312', FangSong_GB2312, FangSong, STFangsong, SimSun, 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif";
export const FANGSONG_TITLE_FONTS = `'方正小标宋简体', 'FZXiaoBiaoSong-B05S', 'Noto Serif CJK SC', SimSun, serif`;

export type Orientation = 'portrait' | 'landscape';

/** Columns to print: the `cols` query if given (known keys only), else the view's own columns. */
export function chooseColumns(view: Pick<RosterView, 'columns'>, cols: string | null | undefined): RosterColumn[] {
  const keys = cols ? cols.split(',').map((k) => k.trim()) : view.columns;
  const chosen = [...new Set(keys)].map((k) => rosterColumn(k)).filter((c): c is RosterColumn => c !== undefined);
  return chosen.length > 0 ? chosen : view.columns.map((k) => rosterColumn(k)).filter((c): c is RosterColumn => c !== undefined);
}

/** Keeps the view's order for its own columns and appends added ones in the catalogue's order. */
export function orderColumns(view: Pick<RosterView, 'columns'>, selected: readonly string[]): string[] {
  const wanted = new Set(selected);
  const extra = ROSTER_COLUMNS.map((c) => c.key).filter((k) => wanted.has(k) && !view.columns.includes(k));
  return [...view.columns.filter((k) => wanted.has(k)), ...extra];
}

/** Column widths in percent of the table, from RosterColumn.width, 序号 first. */
export function columnPercents(columns: readonly Pick<RosterColumn, 'width'>[]): number[] {
  const widths = [INDEX_WIDTH, ...columns.map((c) => c.width)];
  const total = widths.reduce((a, b) => a + b, 0);
  return widths.map((w) => Math.round((w / total) * 10000) / 100);
}

/** Printable width of A4 landscape inside the 10 mm side margins. */
const CONTENT_WIDTH_MM = 297 - 20;
const PT_MM = 25.4 / 72;
const BODY_PT = 10;
const SMALL_PT = 7.5;

/** Text width in ems: CJK and full-width characters are one em, Latin letters and digits about half. */
function ems(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.charCodeAt(0) < 0x2e80 ? 0.55 : 1;
  return n;
}

/**
 * Text too long for two lines at 10 pt gets 7.5 pt and three lines, still inside the fixed row height,
 * rather than being cut off on an official printout. Only beyond that is it clamped with an ellipsis.
 */
export function cellFit(text: string, widthPercent: number): 'normal' | 'small' {
  return cellFitMm(text, (CONTENT_WIDTH_MM * widthPercent) / 100);
}

/** cellFit for a column given in millimetres (fixed-width layouts such as the sign-in sheet). */
export function cellFitMm(text: string, widthMm: number): 'normal' | 'small' {
  return ems(text) * BODY_PT * PT_MM > (widthMm - 2) * 2 ? 'small' : 'normal';
}

/** For tests and callers that want to know whether text will still be clamped in small type. */
export function fitsSmall(text: string, widthPercent: number): boolean {
  const usable = (CONTENT_WIDTH_MM * widthPercent) / 100 - 2;
  return ems(text) * SMALL_PT * PT_MM <= usable * 3;
}

function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ')}"`;
}

/**
 * Turns a message such as `第 {page} 页 共 {pages} 页` into a CSS `content` value with page counters,
 * so the footer text stays in vue-i18n while Chromium's @page margin boxes do the counting.
 */
export function pageCounterContent(message: (marks: { page: string; pages: string }) => string): string {
  // Private-use characters never occur in a message, so they mark where the counters go.
  const PAGE = '\uE000';
  const PAGES = '\uE001';
  return message({ page: PAGE, pages: PAGES })
    .split(/([\uE000\uE001])/)
    .filter((part) => part !== '')
    .map((part) => (part === PAGE ? 'counter(page)' : part === PAGES ? 'counter(pages)' : cssString(part)))
    .join(' ');
}

/**
 * The page rules, injected only while the print page is mounted: an @page in a bundled stylesheet would
 * stay behind after navigation and turn every later printout landscape.
 */
export function pageCss(footerContent: string, orientation: Orientation = 'landscape', margin = '12mm 10mm 14mm 10mm'): string {
  return `
@page {
  size: A4 ${orientation};
  margin: ${margin};
  @bottom-center {
    content: ${footerContent};
    font-family: ${PRINT_FONTS};
    font-size: 9pt;
    color: #000;
    vertical-align: top;
    padding-top: 3mm;
  }
}
@media print {
  html, body, #app { height: auto !important; background: #fff !important; }
  /* The toolbar, and Element Plus popups teleported to <body> (column chooser, messages). */
  .no-print, .el-popper, .el-message, .el-overlay { display: none !important; }
}`;
}

export { fillDate } from '../../../shared/rosterColumns';
