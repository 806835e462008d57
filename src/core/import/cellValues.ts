import { cellText, excelSerialToIso, generalNumberText, type SheetCell } from '../spreadsheet/sheetCell';

/**
 * Turns one cell into the text a person field expects. What Excel did to the value decides the reading:
 * a number in an ID column has lost digits, a number in a date column may be 1978.05 or a date serial,
 * text may carry full-width digits or the apostrophe our own export puts before = + - @.
 */

export type CellReading =
  | { ok: true; text: string; warning?: string; /** 1978.1 as a number: January, or October with its zero dropped. */ ambiguousOctober?: boolean }
  | { ok: false; message: string }
  | null;

function clean(text: string): string {
  return text
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .replace(/^'(?=[=+\-@＝＋－＠])/, '')
    .trim();
}

function errorReading(cell: SheetCell & { kind: 'error' }): CellReading {
  return { ok: false, message: `单元格是 Excel 错误值“${cell.text}”，请先改正公式或填入实际内容` };
}

export function readText(cell: SheetCell | undefined): CellReading {
  if (!cell) return null;
  if (cell.kind === 'error') return errorReading(cell);
  const text = clean(cellText(cell));
  return text === '' ? null : { ok: true, text };
}

/** Excel keeps 15 significant digits: any ID that reached it as a number has lost its last ones. */
export function readIdNumber(cell: SheetCell | undefined): CellReading {
  if (!cell) return null;
  if (cell.kind === 'error') return errorReading(cell);
  const lost = (shown: string): CellReading => ({
    ok: false,
    message: `身份证号以数字形式保存（显示为${shown}），Excel 只保留15位有效数字，最后几位已经丢失。请把该列设为“文本”格式，重新输入完整的18位身份证号后再导入`,
  });
  if (cell.kind === 'number') {
    if (Math.abs(cell.value) >= 1e15) return lost(generalNumberText(cell.value));
    return { ok: true, text: String(cell.value) };
  }
  const text = clean(cellText(cell)).normalize('NFKC').replace(/^'/, '');
  if (text === '') return null;
  // A CSV saved from Excel carries the number as Excel displayed it.
  if (/^\d(\.\d+)?e\+?\d+$/i.test(text)) return lost(text.toUpperCase());
  return { ok: true, text };
}

/** 138 0013 8000, 138-0013-8000, a number cell; two numbers in one cell keep the first (and say so). */
export function readPhone(cell: SheetCell | undefined): CellReading {
  if (!cell) return null;
  if (cell.kind === 'error') return errorReading(cell);
  if (cell.kind === 'number') return { ok: true, text: Number.isInteger(cell.value) ? String(cell.value) : generalNumberText(cell.value) };
  const text = clean(cellText(cell)).normalize('NFKC');
  if (text === '') return null;
  const parts = text.split(/\s*[/、,，;；]\s*|\s{2,}/).filter((p) => p !== '');
  if (parts.length > 1) return { ok: true, text: parts[0]!, warning: `联系电话有多个号码（${text}），只导入了第一个` };
  return { ok: true, text };
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Decimals a number format fixes ('0.00' → 2), so 1978.10 formatted as 0.00 keeps its October. */
function fixedDecimals(numFmt: string | null): number | null {
  const m = numFmt ? /0\.(0+)(?![0#])/.exec(numFmt) : null;
  return m ? m[1]!.length : null;
}

/**
 * A date cell in any of the shapes rosters use. Returns text for parseLooseDate (validatePerson parses it
 * once more, so every form of input meets the same rules). A number like 1978.1 is marked ambiguous:
 * Excel drops the trailing zero of 1978.10, so it may mean January or October.
 */
export function readDate(cell: SheetCell | undefined, date1904: boolean): CellReading {
  if (!cell) return null;
  switch (cell.kind) {
    case 'error':
      return errorReading(cell);
    case 'date':
      return { ok: true, text: cell.iso };
    case 'number': {
      const v = cell.value;
      if (Number.isInteger(v) && ((v >= 19000101 && v <= 21001231) || (v >= 190001 && v <= 210012) || (v >= 1000 && v <= 2200))) {
        return { ok: true, text: String(v) };
      }
      const year = Math.trunc(v);
      if (!Number.isInteger(v) && year >= 1900 && year <= 2100) {
        const decimals = fixedDecimals(cell.numFmt);
        if (decimals !== null) return { ok: true, text: v.toFixed(decimals) };
        const text = String(Number(v.toPrecision(12)));
        return text.endsWith('.1') ? { ok: true, text, ambiguousOctober: true } : { ok: true, text };
      }
      const iso = excelSerialToIso(v, date1904);
      if (iso) return { ok: true, text: iso };
      return { ok: true, text: generalNumberText(v) };
    }
    case 'text': {
      const text = clean(cell.text)
        .normalize('NFKC')
        .replace(/[(（][^)）]*岁[)）]$/, '')
        .replace(/\s+0?0:00(:00)?$/, '')
        .trim();
      return text === '' ? null : { ok: true, text };
    }
  }
}

/** The October reading of an ambiguous 1978.1. */
export function octoberOf(text: string): string {
  return `${text.slice(0, 4)}.${pad2(10)}`;
}
