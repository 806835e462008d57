import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvField, exportRosterCsv, keepAsText } from '../../../src/core/spreadsheet/exportCsv';
import { neutraliseFormula } from '../../../src/core/spreadsheet/exportCells';
import type { Person } from '../../../src/shared/person';
import { DEFAULT_ROSTER_VIEWS, rosterColumn, type RosterView } from '../../../src/shared/rosterColumns';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';
import { HOSTILE, idEndingInX, listAll, seedPeople, TODAY } from './fixtures';

/** CSV for Excel/WPS and other programs, from real people in a real SQLite file. */

const VIEW: RosterView = { ...DEFAULT_ROSTER_VIEWS.find((v) => v.id === 'all')!, columns: ['name', 'idNumber', 'birthDate', 'phone', 'unit', 'post', 'nativePlace', 'note'] };

let ledger: TempLedger;
let saved: Person[];

beforeEach(() => {
  ledger = openTempLedger();
  saved = seedPeople(ledger);
});
afterEach(() => ledger.cleanup());

/** A strict RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (ch === '\n' || ch === '\r' || ch === '"') {
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
}

async function exportCsv(options: { maskIdNumbers?: boolean } = {}) {
  const file = join(ledger.dir, '花名册.csv');
  const summary = await exportRosterCsv(file, VIEW, listAll(ledger), { today: TODAY, ...options });
  const bytes = readFileSync(file);
  return { summary, bytes, rows: parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, '')) };
}

function byId(rows: string[][], id: string): Record<string, string> {
  const header = rows[0]!;
  const row = rows.find((r) => r[r.length - 1] === id)!;
  return Object.fromEntries(header.map((h, i) => [h, row[i]!]));
}

describe('roster CSV export', () => {
  it('is UTF-8 with a BOM, CRLF line ends and a header row', async () => {
    const { summary, bytes, rows } = await exportCsv();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(summary.rows).toBe(4);
    expect(rows[0]).toEqual(['序号', ...VIEW.columns.map((k) => rosterColumn(k)!.label), '记录编号']);
    expect(rows).toHaveLength(5);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['1', '2', '3', '4']);
    // Every line break outside quoted fields is CRLF (parseCsv throws on a bare LF).
    expect(bytes.toString('utf8').endsWith('\r\n')).toBe(true);
  });

  it('round-trips quotes, commas and line breaks (RFC 4180)', async () => {
    const { rows } = await exportCsv();
    expect(byId(rows, saved[1]!.id)['备注']).toBe(HOSTILE.quoted);
  });

  it('keeps ID numbers, phones and dates as text with a leading tab, never as a formula', async () => {
    const { rows, bytes } = await exportCsv();
    const zhang = byId(rows, saved[0]!.id);
    expect(zhang['身份证号']).toBe('\t110101198001010010');
    expect(zhang['联系电话']).toBe('\t13800138000');
    expect(zhang['出生年月']).toBe('\t1980.01');
    expect(zhang['姓名']).toBe('张三');
    expect(byId(rows, saved[2]!.id)['身份证号']!.trim()).toBe(idEndingInX('19700101'));
    expect(bytes.toString('utf8')).not.toMatch(/(^|,)"?=/m);
  });

  it('masks ID numbers only when asked', async () => {
    const { rows } = await exportCsv({ maskIdNumbers: true });
    expect(byId(rows, saved[0]!.id)['身份证号']).toBe('110101********0010');
  });

  it('neutralises cells starting with = + - @ tab CR and their full-width forms', async () => {
    const { rows } = await exportCsv();
    const [zhang, li, wang] = saved.map((p) => byId(rows, p.id)) as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(zhang['备注']).toBe(`'${HOSTILE.hyperlink}`);
    expect(li['单位']).toBe("'+1");
    expect(li['现任职务']).toBe("'-2");
    expect(li['籍贯']).toBe("'@SUM(A1)");
    expect(wang['现任职务']).toBe("'=1+1");
    expect(wang['备注']).toBe(`'${HOSTILE.fullWidth}`);
    for (const row of rows.slice(1)) {
      for (const cell of row) {
        // The only leading tab allowed is the one that keeps a number-like value as text.
        if (cell.startsWith('\t')) expect(cell.slice(1)).toMatch(/^[\d.X]+$/);
        else expect(cell).not.toMatch(/^[=+\-@\r＝＋－＠]/);
      }
    }
  });

  it('has helpers that behave as documented', () => {
    expect(neutraliseFormula('=1')).toBe("'=1");
    expect(neutraliseFormula("'=1")).toBe("'=1");
    expect(neutraliseFormula('\r=1')).toBe("'\r=1");
    expect(neutraliseFormula('红旗村')).toBe('红旗村');
    expect(keepAsText('01')).toBe('\t01');
    expect(keepAsText('45')).toBe('45');
    expect(keepAsText('1980-01-02')).toBe('\t1980-01-02');
    expect(keepAsText('110101********0010')).toBe('110101********0010');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('\t01')).toBe('"\t01"');
    expect(csvField('说"好"')).toBe('"说""好"""');
    expect(csvField('普通')).toBe('普通');
  });
});
