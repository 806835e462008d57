import { readFile } from 'node:fs/promises';
import type { SheetCell, SheetRow } from './sheetCell';
import { SpreadsheetError } from './spreadsheetError';

/**
 * CSV as Chinese offices actually send it: UTF-8 with or without BOM, GBK/GB18030 from Excel's "CSV" on a
 * Chinese Windows, or UTF-16 "Unicode text" (tab-separated). Every cell is text, as the clerk typed it.
 */

/** CSV has no streaming benefit at roster sizes and must be decoded whole to detect its encoding. */
export const MAX_CSV_BYTES = 64 * 1024 * 1024;

export function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: Chinese Excel writes CSV in the system code page, GBK, which GB18030 contains.
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function delimiterOf(text: string): string {
  const firstLines = text.slice(0, 4096).split(/\r?\n/).slice(0, 10).join('\n');
  const count = (c: string) => firstLines.split(c).length - 1;
  const tabs = count('\t');
  return tabs > count(',') ? '\t' : ',';
}

/** RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const delimiter = delimiterOf(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export async function readCsvRows(path: string, fileName: string): Promise<SheetRow[]> {
  const bytes = await readFile(path);
  if (bytes.length > MAX_CSV_BYTES) throw new SpreadsheetError(`文件“${fileName}”过大（超过64 MB），请拆分后再导入`);
  return parseCsv(decodeCsv(bytes)).map((fields, i) => {
    const cells: (SheetCell | undefined)[] = [];
    fields.forEach((text, column) => {
      if (text.trim() !== '') cells[column + 1] = { kind: 'text', text };
    });
    return { row: i + 1, cells };
  });
}
