/**
 * Reads the text/plain flavour Excel and WPS put on the clipboard: cells separated by tabs, rows by CRLF,
 * a trailing CRLF after the last row, and cells holding a newline, tab or quote wrapped in double quotes
 * with inner quotes doubled. A cell that merely starts with a quote is not quoted by Excel, so a quote only
 * opens a quoted cell when a matching closing quote is followed by a separator or the end.
 */
export function parseClipboardTable(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return rows;
  for (;;) {
    let cell: string;
    const quoted = text[i] === '"' ? readQuoted(text, i) : null;
    if (quoted) {
      cell = quoted.value;
      i = quoted.end;
    } else {
      let j = i;
      while (j < n && text[j] !== '\t' && text[j] !== '\r' && text[j] !== '\n') j++;
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) {
      rows.push(row);
      break;
    }
    if (text[i] === '\t') {
      i++;
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    // Excel ends the block with a newline: that is not an extra empty row.
    if (i >= n) break;
  }
  return rows;
}

function readQuoted(text: string, start: number): { value: string; end: number } | null {
  let value = '';
  let j = start + 1;
  for (;;) {
    const k = text.indexOf('"', j);
    if (k < 0) return null;
    if (text[k + 1] === '"') {
      value += text.slice(j, k) + '"';
      j = k + 2;
      continue;
    }
    const after = text[k + 1];
    if (after !== undefined && after !== '\t' && after !== '\r' && after !== '\n') return null;
    value += text.slice(j, k);
    return { value: value.replace(/\r\n?/g, '\n'), end: k + 1 };
  }
}

/** Rows whose every cell is blank carry nothing; Excel selections often end with some. */
export function dropBlankRows(rows: string[][]): string[][] {
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** True when a paste holds more than one cell, so it should spread over the grid rather than into one input. */
export function isBlock(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/[\r\n]+$/, ''));
}
