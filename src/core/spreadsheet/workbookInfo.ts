import { readEntryHead, readEntryText, type ZipEntry } from './zipDirectory';
import { SpreadsheetError } from './spreadsheetError';

/**
 * What the workbook says about itself before any sheet is streamed: sheet names in tab order, which are
 * hidden, which part holds each, the date system, and each sheet's declared size (for the progress bar).
 * Read from the small workbook parts directly, so names do not depend on the order of parts in the ZIP.
 */

export interface SheetInfo {
  name: string;
  hidden: boolean;
  /** xl/worksheets/sheetN.xml → N; the streaming reader only knows sheets by this number. */
  partNumber: number | null;
  /** Last row number from <dimension>, when the writer recorded one. */
  lastRow: number | null;
}

export interface WorkbookInfo {
  sheets: SheetInfo[];
  /** Mac Excel's 1904 date system: serial 0 is 1904-01-01. */
  date1904: boolean;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs.set(m[1]!, decodeXml(m[3] ?? m[4] ?? ''));
  return attrs;
}

/** The relationship id attribute is r:id in practice, but the prefix is only a convention. */
function relationshipId(attrs: Map<string, string>): string | undefined {
  for (const [key, value] of attrs) if (key.endsWith(':id')) return value;
  return undefined;
}

function resolveTarget(target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

export async function readWorkbookInfo(path: string, fileName: string, entries: readonly ZipEntry[]): Promise<WorkbookInfo> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const workbookEntry = byName.get('xl/workbook.xml');
  if (!workbookEntry) {
    if (byName.has('word/document.xml')) throw new SpreadsheetError(`文件“${fileName}”是 Word 文档，不是 Excel 工作簿`);
    if (byName.has('content.xml')) throw new SpreadsheetError(`文件“${fileName}”是 WPS/LibreOffice 的 ODS 表格，请另存为“Excel 工作簿（*.xlsx）”后再导入`);
    throw new SpreadsheetError(`文件“${fileName}”是压缩包，不是 Excel 工作簿（.xlsx）`);
  }
  const workbook = await readEntryText(path, workbookEntry);
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  const rels = relsEntry ? await readEntryText(path, relsEntry) : '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const attrs = attributes(m[1]!);
    const id = attrs.get('Id');
    const target = attrs.get('Target');
    if (id && target) targets.set(id, resolveTarget(target));
  }
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(workbook);
  const date1904Attr = pr ? attributes(pr[1]!).get('date1904') : undefined;
  const sheets: SheetInfo[] = [];
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const attrs = attributes(m[1]!);
    const rid = relationshipId(attrs);
    const part = rid ? targets.get(rid) : undefined;
    const number = part ? /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(part) : null;
    const partEntry = part ? byName.get(part) : undefined;
    sheets.push({
      name: attrs.get('name') ?? `Sheet${sheets.length + 1}`,
      hidden: (attrs.get('state') ?? 'visible') !== 'visible',
      partNumber: number ? Number(number[1]) : null,
      lastRow: partEntry ? await lastRowOf(path, partEntry) : null,
    });
  }
  return { sheets, date1904: date1904Attr === '1' || date1904Attr === 'true' };
}

async function lastRowOf(path: string, entry: ZipEntry): Promise<number | null> {
  const head = await readEntryHead(path, entry);
  const ref = /<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(head);
  return ref ? Number(ref[1]) : null;
}
