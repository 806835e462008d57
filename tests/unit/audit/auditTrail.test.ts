import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../../src/core/api';
import { AUDIT_EXPORT_COLUMNS } from '../../../src/core/audit/auditExport';
import { dispatch } from '../../../src/core/dispatch';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';
import { importInto, introduce, makeOffice, packageFor } from '../../helpers/offices';

/** The audit trail over a real ledger: who changed what, per record and for the whole file, masked and exported. */

let ledger: TempLedger;
const ID = syntheticId('19800101', '001');
const PHONE = '13812345678';

beforeEach(() => {
  ledger = openTempLedger();
  ledger.must('setOffice', { name: '红旗镇', code: '110101001' });
});
afterEach(() => ledger.cleanup());

function addPerson() {
  return ledger.must('savePerson', { name: '张建国', idNumber: ID, phone: PHONE, politicalStatus: '中共党员', categories: ['乡镇公务员'] });
}

describe('operators', () => {
  it('records the chosen operator on every change, and nobody before one is chosen', () => {
    expect(ledger.must('getCurrentOperator', {})).toBeNull();
    const person = addPerson();
    expect(ledger.must('setCurrentOperator', { name: ' 李秀英 ' })).toEqual({ operators: ['李秀英'], current: '李秀英' });
    ledger.must('savePerson', { id: person.id, rev: person.rev, name: '张建国', idNumber: ID, phone: '13900001111', note: '调入' });
    ledger.must('setCurrentOperator', { name: '王磊' });
    expect(ledger.must('listOperators', {})).toEqual({ operators: ['王磊', '李秀英'], current: '王磊' });

    const rows = ledger.db.prepare("SELECT field, operator FROM change_log WHERE tbl = 'people' AND row_id = ? ORDER BY hlc").all(person.id) as { field: string; operator: string | null }[];
    expect(rows.find((r) => r.field === '*')?.operator).toBeNull();
    expect(rows.filter((r) => r.field === 'note' || r.field === 'phone').map((r) => r.operator)).toEqual(['李秀英', '李秀英']);
  });

  it('starts each session with nobody chosen, keeps the list, and refuses blank or control-character names', () => {
    ledger.must('setCurrentOperator', { name: '李秀英' });
    ledger.reopen();
    expect(ledger.must('listOperators', {})).toEqual({ operators: ['李秀英'], current: null });
    expect(ledger.refuse('setCurrentOperator', { name: '  ' }).code).toBe('VALIDATION');
    expect(ledger.refuse('setCurrentOperator', { name: '李\u0000' }).code).toBe('VALIDATION');
    expect(ledger.must('removeOperator', { name: '李秀英' }).operators).toEqual([]);
  });

  it('attributes writes to the name the CLI passes', () => {
    const cli = createLedgerApi(ledger.db, { operator: '命令行' });
    expect(dispatch(cli, 'savePerson', { name: '赵六', gender: '男' })).toMatchObject({ ok: true });
    expect(ledger.db.prepare("SELECT operator FROM change_log WHERE tbl = 'people' AND field = '*'").pluck().get()).toBe('命令行');
  });
});

describe('recordHistory', () => {
  it('lists a person’s changes newest first with Chinese labels, old → new, including 人员类别 and 任职经历', () => {
    ledger.must('setCurrentOperator', { name: '李秀英' });
    const person = addPerson();
    const saved = ledger.must('savePerson', { id: person.id, rev: person.rev, name: '张建国', idNumber: ID, phone: PHONE, note: '调入', categories: ['驻村第一书记'] });
    ledger.must('savePost', { personId: saved.id, title: '党委委员', startDate: '2020-01-01' });

    const page = ledger.must('recordHistory', { table: 'people', rowId: person.id, limit: 100 });
    expect(page.total).toBe(page.items.length);
    const times = page.items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(page.items.every((e) => e.operator === '李秀英' && e.officeName === '红旗镇' && !e.fromPackage)).toBe(true);

    const note = page.items.find((e) => e.field === 'note')!;
    expect(note).toMatchObject({ fieldLabel: '备注', oldValue: '（空）', newValue: '调入', tableLabel: '人员' });
    expect(note.recordLabel).toContain('张建国');
    const categories = page.items.filter((e) => e.table === 'person_categories');
    expect(categories.map((e) => [e.fieldLabel, e.oldValue, e.newValue])).toEqual(
      expect.arrayContaining([
        ['人员类别', '（无）', '乡镇公务员'],
        ['人员类别', '乡镇公务员', '（无）'],
        ['人员类别', '（无）', '驻村第一书记'],
      ]),
    );
    expect(page.items.some((e) => e.table === 'posts' && e.tableLabel === '任职经历')).toBe(true);
    // Codes read as names; bookkeeping fields stay out.
    const created = page.items.find((e) => e.table === 'people' && e.field === '*')!;
    expect(created.fieldLabel).toBe('新建');
    expect(created.newValue).toContain('中共党员');
    expect(page.items.some((e) => e.field === 'updated_at' || e.field === 'search_pinyin')).toBe(false);

    // Paged.
    const second = ledger.must('recordHistory', { table: 'people', rowId: person.id, limit: 2, offset: 2 });
    expect(second.items.map((e) => e.opId)).toEqual(page.items.slice(2, 4).map((e) => e.opId));
  });

  it('masks 身份证号 and phones unless full is asked for', () => {
    const person = addPerson();
    ledger.must('savePerson', { id: person.id, rev: person.rev, name: '张建国', idNumber: ID, phone: '13900001111' });
    const masked = ledger.must('recordHistory', { table: 'people', rowId: person.id });
    const text = JSON.stringify(masked.items);
    expect(text).not.toContain(ID);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('13900001111');
    expect(masked.items.find((e) => e.field === 'phone')).toMatchObject({ oldValue: '138****5678', newValue: '139****1111' });
    expect(masked.items.find((e) => e.field === '*')?.newValue).toContain(`${ID.slice(0, 6)}********${ID.slice(14)}`);

    const full = JSON.stringify(ledger.must('recordHistory', { table: 'people', rowId: person.id, full: true }).items);
    expect(full).toContain(ID);
    expect(full).toContain('13900001111');
  });
});

describe('auditLog and its export', () => {
  it('filters by operator, table and day, and exports an xlsx that reads back with the same rows, masked and formula-safe', async () => {
    ledger.must('setCurrentOperator', { name: '李秀英' });
    const person = addPerson();
    ledger.must('setCurrentOperator', { name: '=CMD|calc' });
    ledger.must('savePerson', { id: person.id, rev: person.rev, name: '张建国', idNumber: ID, phone: PHONE, note: '=1+1' });

    const all = ledger.must('auditLog', { limit: 500 });
    const mine = ledger.must('auditLog', { operator: '李秀英', limit: 500 });
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.operator === '李秀英')).toBe(true);
    expect(ledger.must('auditLog', { table: 'person_categories', limit: 500 }).items.every((e) => e.table === 'person_categories')).toBe(true);
    // The local days the entries were made on (one, unless the test ran across midnight), not the clock's today.
    const localDay = (iso: string) => {
      const d = new Date(iso);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    const days = all.items.map((e) => localDay(e.at)).sort();
    expect(all.items).toHaveLength(all.total);
    expect(ledger.must('auditLog', { from: days[0]!, to: days.at(-1)!, limit: 500 }).total).toBe(all.total);
    expect(ledger.must('auditLog', { to: '2000-01-01', limit: 500 }).total).toBe(0);

    const out = await ledger.api.exportAuditLog({});
    if (!out.ok) throw new Error(out.error.message);
    expect(out.data.fileName).toMatch(/^红旗镇操作日志_\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(out.data.rows).toBe(all.total);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(out.data.dataBase64, 'base64') as never);
    const sheet = workbook.worksheets[0]!;
    const rowValues = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    let header = 0;
    sheet.eachRow((row, n) => {
      if (header === 0 && row.getCell(1).value === '时间') header = n;
    });
    expect(rowValues(header)).toEqual([...AUDIT_EXPORT_COLUMNS]);
    const body: string[][] = [];
    for (let n = header + 1; n <= sheet.rowCount; n++) if (/^\d{4}-/.test(String(sheet.getRow(n).getCell(1).value ?? ''))) body.push(rowValues(n));
    expect(body).toHaveLength(all.total);
    const joined = JSON.stringify(body);
    expect(joined).not.toContain(ID);
    expect(joined).not.toContain(PHONE);
    expect(body.some((r) => r[1] === '李秀英' && r[2] === '红旗镇' && r[3] === '人员')).toBe(true);
    // Formula-like text is kept as text with the guard's apostrophe.
    expect(body.some((r) => r[1] === "'=CMD|calc")).toBe(true);
    expect(body.some((r) => r[5] === '备注' && r[7] === "'=1+1")).toBe(true);
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('refuses to edit or delete the trail itself', () => {
    addPerson();
    expect(() => ledger.db.prepare("UPDATE change_log SET operator = 'x'").run()).toThrow(/append-only/);
    expect(() => ledger.db.prepare('DELETE FROM change_log').run()).toThrow(/append-only/);
  });
});

describe('changes from another office', () => {
  it('keep their operator and office, and are marked as brought by a package', () => {
    const county = makeOffice('青山镇');
    const township = makeOffice('红旗镇');
    try {
      introduce(county, township);
      county.must('setCurrentOperator', { name: '周敏' });
      const person = county.must('savePerson', { name: '孙立', idNumber: ID, phone: PHONE });
      county.must('savePerson', { id: person.id, rev: person.rev, name: '孙立', idNumber: ID, phone: PHONE, note: '借调' });
      township.must('setCurrentOperator', { name: '李秀英' });
      importInto(township, packageFor(county, township));

      const history = township.must('recordHistory', { table: 'people', rowId: person.id, limit: 100 });
      const note = history.items.find((e) => e.field === 'note')!;
      expect(note).toMatchObject({ operator: '周敏', officeName: '青山镇', fromPackage: true, newValue: '借调' });
      expect(history.items.every((e) => e.fromPackage)).toBe(true);
      // The township's own trail keeps its clerk; the import wrote nothing under her name.
      expect(township.must('auditLog', { operator: '李秀英', limit: 10 }).total).toBe(0);
    } finally {
      county.cleanup();
      township.cleanup();
    }
  });
});

describe('a course’s history', () => {
  it('includes its sessions and reads 是/否 and session references by name', () => {
    ledger.must('setCurrentOperator', { name: '李秀英' });
    const course = ledger.must('saveCourse', { name: '乡村振兴专题培训班', kind: '专题培训班', startDate: '2026-03-02', endDate: '2026-03-03' });
    ledger.must('saveCourse', { id: course.id, rev: course.rev, name: '乡村振兴专题培训班', kind: '专题培训班', startDate: '2026-03-02', endDate: '2026-03-03', fullTime: true });
    ledger.must('saveSession', { courseId: course.id, date: '2026-03-02', period: '上午', startTime: '08:30', endTime: '11:30', hours: 3, topic: '乡村治理' });

    const items = ledger.must('recordHistory', { table: 'courses', rowId: course.id, limit: 100 }).items;
    expect(items.find((e) => e.field === 'full_time')).toMatchObject({ fieldLabel: '是否脱产', oldValue: '否', newValue: '是', operator: '李秀英' });
    const session = items.find((e) => e.table === 'course_sessions' && e.field === '*')!;
    expect(session.tableLabel).toBe('培训课次');
    expect(session.newValue).toContain('培训班：《乡村振兴专题培训班》');
    expect(session.newValue).toContain('主题：乡村治理');
  });
});
