import { computed, reactive, ref, type ComputedRef } from 'vue';
import { api } from '../../api/client';
import type { LedgerError } from '../../../shared/result';
import { dropBlankRows, parseClipboardTable } from './clipboardTable';
import { defaultColumns, detectHeader, type ColumnField } from './pasteColumns';
import { checkRow, normalisedIdAt, toPersonInput, type PasteRow, type RowCheck } from './rowCheck';

/** Past this the grid gets slow to edit, and the Excel import is the better tool anyway. */
export const MAX_PASTE_ROWS = 1000;

/** Rows per savePeople call: one transaction each, small enough that the progress bar moves. */
const SAVE_BATCH = 100;

export type PasteNotice =
  | { kind: 'header'; rows: number }
  | { kind: 'rows'; rows: number }
  | { kind: 'headerIgnored'; rows: number }
  | { kind: 'tooMany'; rows: number; kept: number }
  | { kind: 'empty' };

export interface SaveSummary {
  saved: number;
  failed: number;
}

/**
 * The paste grid's state: columns (which field each pasted column is), rows, live checks, and saving in
 * batches. A refused row never stops the others; it stays in the grid with the core's message.
 */
export function usePasteGrid() {
  const columns = ref<ColumnField[]>([]);
  const rows = ref<PasteRow[]>([]);
  const saving = ref(false);
  const progress = reactive({ done: 0, total: 0 });
  let nextKey = 1;
  const today = new Date();

  /** Row key → number of the earlier row with the same ID number. Cheap: no validation, only the ID cells. */
  const duplicates = computed(() => {
    const firstRowWithId = new Map<string, number>();
    const found = new Map<number, number>();
    rows.value.forEach((row, index) => {
      const id = normalisedIdAt(row.cells, columns.value);
      if (id === null) return;
      const earlier = firstRowWithId.get(id);
      if (earlier === undefined) firstRowWithId.set(id, index + 1);
      else found.set(row.key, earlier);
    });
    return found;
  });

  /**
   * One cached check per row, so typing in a cell re-validates that row only (not hundreds), and only that
   * row's component re-renders. The duplicate number is a primitive computed: unchanged, it wakes nobody.
   */
  const checkCache = new WeakMap<PasteRow, ComputedRef<RowCheck>>();
  function checkOf(row: PasteRow): ComputedRef<RowCheck> {
    let check = checkCache.get(row);
    if (!check) {
      const duplicateOf = computed(() => duplicates.value.get(row.key) ?? null);
      check = computed(() => checkRow(row, columns.value, duplicateOf.value, today));
      checkCache.set(row, check);
    }
    return check;
  }

  const counts = computed(() => {
    let ready = 0;
    let invalid = 0;
    let saved = 0;
    for (const row of rows.value) {
      if (row.status === 'saved') saved++;
      else if (checkOf(row).value.valid) ready++;
      else invalid++;
    }
    return { total: rows.value.length, ready, invalid, saved };
  });

  function makeRow(cells: string[]): PasteRow {
    return { key: nextKey++, cells, status: 'new', serverIssues: [], serverMessage: null };
  }

  function widen(width: number): void {
    if (columns.value.length >= width) return;
    const added = defaultColumns([], width).slice(columns.value.length).map((field) => (columns.value.includes(field) ? null : field));
    columns.value = [...columns.value, ...added];
  }

  /** Appends a pasted block below the rows already there. */
  function pasteBlock(text: string): PasteNotice {
    let block = dropBlankRows(readBlock(text));
    if (block.length === 0) return { kind: 'empty' };
    const width = Math.max(...block.map((r) => r.length));
    const header = detectHeader(block[0]!);
    let headerIgnored = false;
    if (header) {
      block = block.slice(1);
      // A header only sets the columns of an empty grid; it never reinterprets rows already there.
      if (rows.value.length === 0) columns.value = header;
      else headerIgnored = true;
    } else if (columns.value.length === 0) {
      // Columns the clerk already set survive removing the saved rows; 清空 starts afresh.
      columns.value = defaultColumns(block, width);
    }
    widen(width);
    const room = MAX_PASTE_ROWS - rows.value.length;
    const kept = block.slice(0, Math.max(0, room));
    rows.value.push(...kept.map((cells) => makeRow(padTo(cells, columns.value.length))));
    for (const row of rows.value) row.cells = padTo(row.cells, columns.value.length);
    if (kept.length < block.length) return { kind: 'tooMany', rows: block.length, kept: kept.length };
    if (headerIgnored) return { kind: 'headerIgnored', rows: kept.length };
    return header ? { kind: 'header', rows: kept.length } : { kind: 'rows', rows: kept.length };
  }

  /** Pastes a block over the grid starting at one cell, as a spreadsheet does; adds rows past the end. */
  function pasteAt(text: string, rowIndex: number, columnIndex: number): number {
    const block = readBlock(text);
    widen(columnIndex + Math.max(...block.map((r) => r.length)));
    let written = 0;
    block.forEach((cells, offset) => {
      let row = rows.value[rowIndex + offset];
      if (!row) {
        if (rows.value.length >= MAX_PASTE_ROWS) return;
        row = makeRow([]);
        rows.value.push(row);
      }
      if (row.status === 'saved') return;
      const next = padTo(row.cells, columns.value.length);
      cells.forEach((value, c) => {
        if (columnIndex + c < next.length) next[columnIndex + c] = value;
      });
      setCells(row, next);
      written++;
    });
    for (const row of rows.value) row.cells = padTo(row.cells, columns.value.length);
    return written;
  }

  function setCells(row: PasteRow, cells: string[]): void {
    row.cells = cells;
    // An edited row gets a fresh try: the core's earlier refusal may no longer apply.
    if (row.status === 'failed') row.status = 'new';
    row.serverIssues = [];
    row.serverMessage = null;
  }

  function editCell(rowIndex: number, columnIndex: number, value: string): void {
    const row = rows.value[rowIndex];
    if (!row || row.status === 'saved' || row.status === 'saving') return;
    const next = [...row.cells];
    next[columnIndex] = value;
    setCells(row, next);
  }

  /** Each field belongs to one column: choosing it for a column frees it from any other. */
  function setColumn(columnIndex: number, field: ColumnField): number | null {
    const next = [...columns.value];
    const previous = field === null ? -1 : next.indexOf(field);
    if (previous >= 0 && previous !== columnIndex) next[previous] = null;
    next[columnIndex] = field;
    columns.value = next;
    for (const row of rows.value) if (row.status === 'failed') setCells(row, row.cells);
    return previous >= 0 && previous !== columnIndex ? previous : null;
  }

  function removeRow(rowIndex: number): void {
    if (saving.value) return;
    rows.value.splice(rowIndex, 1);
  }

  function removeSaved(): void {
    if (saving.value) return;
    rows.value = rows.value.filter((r) => r.status !== 'saved');
  }

  function clear(): void {
    if (saving.value) return;
    rows.value = [];
    columns.value = [];
  }

  /** Puts a kept draft back: its columns as they were chosen and its unsaved rows, in place of what is shown. */
  function load(fields: readonly ColumnField[], cells: readonly (readonly string[])[]): void {
    if (saving.value) return;
    columns.value = [...fields];
    rows.value = cells.slice(0, MAX_PASTE_ROWS).map((c) => makeRow(padTo([...c], fields.length)));
  }

  /**
   * Saves every valid row through savePeople, a batch at a time: one transaction per batch in the core,
   * each row in its own savepoint, so a refused row leaves the rest untouched and the grid shows exactly
   * which were written. A batch that does not arrive at all (the connection dropped) fails its rows.
   */
  async function saveValid(): Promise<SaveSummary> {
    if (saving.value) return { saved: 0, failed: 0 };
    const ready = rows.value.filter((row) => row.status !== 'saved' && checkOf(row).value.valid);
    saving.value = true;
    progress.done = 0;
    progress.total = ready.length;
    const summary: SaveSummary = { saved: 0, failed: 0 };
    const fields = [...columns.value];
    // Marked all at once (one repaint) rather than as each batch starts: a row then changes once more.
    for (const row of ready) row.status = 'saving';
    const refuse = (row: PasteRow, error: LedgerError) => {
      row.status = 'failed';
      row.serverIssues = error.issues ?? [];
      row.serverMessage = error.message;
      summary.failed++;
    };
    for (let start = 0; start < ready.length; start += SAVE_BATCH) {
      const batch = ready.slice(start, start + SAVE_BATCH);
      const result = await api.savePeople({ people: batch.map((row) => toPersonInput(row.cells, fields)) });
      if (!result.ok) {
        for (const row of batch) refuse(row, result.error);
      } else {
        for (const outcome of result.data) {
          const row = batch[outcome.index]!;
          if (outcome.ok) {
            row.status = 'saved';
            summary.saved++;
          } else {
            refuse(row, outcome.error ?? { code: 'INTERNAL', message: '保存失败' });
          }
        }
      }
      // Every row gets an answer; one the core did not mention is not known to be saved.
      for (const row of batch) if (row.status === 'saving') refuse(row, { code: 'INTERNAL', message: '没有收到这一行的保存结果，请重试' });
      progress.done += batch.length;
    }
    saving.value = false;
    return summary;
  }

  return { columns, rows, checkOf, counts, saving, progress, pasteBlock, pasteAt, editCell, setColumn, removeRow, removeSaved, clear, load, saveValid };
}

/**
 * Cells with line breaks (Alt+Enter in Excel) become one line: a grid input cannot show a break, and what
 * is saved must be what the clerk saw.
 */
function readBlock(text: string): string[][] {
  return parseClipboardTable(text).map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')));
}

function padTo(cells: string[], width: number): string[] {
  return cells.length >= width ? cells : [...cells, ...Array.from({ length: width - cells.length }, () => '')];
}
