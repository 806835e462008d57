import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/core/ids';
import type { Input } from '../../../src/shared/contract';
import type { PartyOrg, Unit } from '../../../src/shared/org';
import { expectChinese, openTempLedger, type TempLedger } from '../../helpers/ledger';

/** Units and party organisations through dispatch: trees of soft-deletable nodes, and people linked to them. */

let ledger: TempLedger;

beforeEach(() => {
  ledger = openTempLedger();
});

afterEach(() => {
  ledger.cleanup();
});

function unit(input: Input<'saveUnit'>): Unit {
  return ledger.must('saveUnit', input);
}

function org(input: Input<'savePartyOrg'>): PartyOrg {
  return ledger.must('savePartyOrg', input);
}

/** County → two townships → villages, as a county's file has them. */
function countyTree() {
  const county = unit({ name: '示范县', kind: '县' });
  const east = unit({ name: '东山镇', kind: '乡镇', parentId: county.id });
  const west = unit({ name: '西山镇', kind: '乡镇', parentId: county.id });
  const red = unit({ name: '红星村', kind: '村', parentId: east.id });
  const westRed = unit({ name: '红星村', kind: '村', parentId: west.id });
  return { county, east, west, red, westRed };
}

function refused(method: Parameters<TempLedger['refuse']>[0], input: unknown, code: string): string {
  const error = ledger.refuse(method, input as never);
  expect(error.code, error.message).toBe(code);
  expectChinese(error.message);
  return error.message;
}

describe('units', () => {
  it('builds a tree, lists live units and counts live people per unit', () => {
    const { county, east, red } = countyTree();
    ledger.must('savePerson', { name: '张三', gender: '男', unitId: red.id });
    const gone = ledger.must('savePerson', { name: '李四', gender: '男', unitId: red.id });
    ledger.must('deletePerson', { id: gone.id });
    const units = ledger.must('listUnits', {});
    expect(units).toHaveLength(5);
    expect(units.find((u) => u.id === red.id)).toMatchObject({ parentId: east.id, kind: '村', peopleCount: 1, deletedAt: null });
    expect(units.find((u) => u.id === county.id)!.peopleCount).toBe(0);
  });

  it('keeps names unique among live siblings only', () => {
    const { east, red } = countyTree();
    expect(refused('saveUnit', { name: '红星村', kind: '村', parentId: east.id }, 'DUPLICATE')).toMatch(/红星村/);
    // Renaming another sibling onto the name is refused too.
    const blue = unit({ name: '蓝天村', kind: '村', parentId: east.id });
    refused('saveUnit', { id: blue.id, name: '红星村', kind: '村', parentId: east.id }, 'DUPLICATE');
    // Saving a unit under its own name is not a clash with itself.
    expect(unit({ id: red.id, name: '红星村', kind: '村', parentId: east.id, divisionCode: '110101001001' }).divisionCode).toBe('110101001001');
    // Once deleted, the name is free again; the deleted one cannot come back while it is taken.
    ledger.must('deleteUnit', { id: red.id });
    const again = unit({ name: '红星村', kind: '村', parentId: east.id });
    refused('restoreUnit', { id: red.id }, 'DUPLICATE');
    ledger.must('deleteUnit', { id: again.id });
    expect(ledger.must('restoreUnit', { id: red.id }).deletedAt).toBeNull();
  });

  it('refuses a parent that is missing, deleted, itself or below itself', () => {
    const { county, east, red } = countyTree();
    refused('saveUnit', { name: '新村', kind: '村', parentId: uuidv7() }, 'VALIDATION');
    refused('saveUnit', { id: county.id, name: '示范县', kind: '县', parentId: county.id }, 'VALIDATION');
    expect(refused('saveUnit', { id: county.id, name: '示范县', kind: '县', parentId: red.id }, 'VALIDATION')).toMatch(/下级/);
    const lone = unit({ name: '孤村', kind: '村' });
    ledger.must('deleteUnit', { id: lone.id });
    refused('saveUnit', { name: '新村', kind: '村', parentId: lone.id }, 'VALIDATION');
    // Moving a village to another township is fine.
    const west = ledger.must('listUnits', {}).find((u) => u.name === '西山镇')!;
    expect(unit({ id: red.id, name: '红星二村', kind: '村', parentId: west.id }).parentId).toBe(west.id);
    expect(ledger.must('listUnits', {}).filter((u) => u.parentId === east.id)).toHaveLength(0);
  });

  it('will not delete a unit that still has live sub-units or people, and says what is left', () => {
    const { east, red } = countyTree();
    expect(refused('deleteUnit', { id: east.id }, 'CONFLICT')).toMatch(/1个下级单位/);
    const p = ledger.must('savePerson', { name: '张三', gender: '男', unitId: red.id });
    expect(refused('deleteUnit', { id: red.id }, 'CONFLICT')).toMatch(/1名人员/);
    ledger.must('deletePerson', { id: p.id });
    expect(ledger.must('deleteUnit', { id: red.id }).deletedAt).not.toBeNull();
    expect(ledger.must('deleteUnit', { id: east.id }).deletedAt).not.toBeNull();
    expect(ledger.must('listUnits', {}).map((u) => u.name)).not.toContain('东山镇');
    expect(ledger.must('listUnits', { includeDeleted: true }).map((u) => u.name)).toContain('东山镇');
  });

  it('restores a unit only under a live parent', () => {
    const { east, red } = countyTree();
    ledger.must('deleteUnit', { id: red.id });
    ledger.must('deleteUnit', { id: east.id });
    expect(refused('restoreUnit', { id: red.id }, 'CONFLICT')).toMatch(/上级单位已删除/);
    ledger.must('restoreUnit', { id: east.id });
    expect(ledger.must('restoreUnit', { id: red.id }).deletedAt).toBeNull();
    // Restoring a live unit, or deleting a deleted one, changes nothing.
    expect(ledger.must('restoreUnit', { id: red.id }).deletedAt).toBeNull();
  });

  it('refuses to edit a deleted unit and answers NOT_FOUND for an unknown one', () => {
    const { red } = countyTree();
    ledger.must('deleteUnit', { id: red.id });
    refused('saveUnit', { id: red.id, name: '改名村', kind: '村' }, 'CONFLICT');
    refused('saveUnit', { id: uuidv7(), name: '无此村', kind: '村' }, 'NOT_FOUND');
    refused('deleteUnit', { id: uuidv7() }, 'NOT_FOUND');
    refused('restoreUnit', { id: uuidv7() }, 'NOT_FOUND');
  });

  it('renames the unit on the record of every person linked to it, and search follows', () => {
    const { east, red, westRed } = countyTree();
    const linked = ledger.must('savePerson', { name: '张三', gender: '男', unitId: red.id });
    const other = ledger.must('savePerson', { name: '李四', gender: '男', unitId: westRed.id });
    const renamed = unit({ id: red.id, name: '红旗村', kind: '村', parentId: east.id });
    expect(renamed.name).toBe('红旗村');
    const after = ledger.must('getPerson', { id: linked.id });
    expect(after).toMatchObject({ unit: '红旗村', unitId: red.id, rev: linked.rev + 1 });
    expect(ledger.must('getPerson', { id: other.id }).unit).toBe('红星村');
    expect(ledger.must('listPeople', { query: '红旗村' }).items.map((p) => p.id)).toEqual([linked.id]);
    expect(ledger.must('listPeople', { query: '红旗' }).items.map((p) => p.id)).toEqual([linked.id]);
    expect(ledger.must('listPeople', { query: '红星村' }).items.map((p) => p.id)).toEqual([other.id]);
  });
});

describe('people linked to units and party organisations', () => {
  it('fills the unit name from a chosen unit', () => {
    const { red } = countyTree();
    const p = ledger.must('savePerson', { name: '张三', gender: '男', unitId: red.id });
    expect(p).toMatchObject({ unit: '红星村', unitId: red.id });
  });

  it('links a typed unit name only when exactly one live unit has it', () => {
    const { east } = countyTree();
    // Two villages called 红星村 (under different townships): the name alone does not say which.
    expect(ledger.must('savePerson', { name: '张三', gender: '男', unit: '红星村' })).toMatchObject({ unit: '红星村', unitId: null });
    expect(ledger.must('savePerson', { name: '李四', gender: '男', unit: '东山镇' })).toMatchObject({ unit: '东山镇', unitId: east.id });
    expect(ledger.must('savePerson', { name: '王五', gender: '男', unit: '无名村' })).toMatchObject({ unit: '无名村', unitId: null });
    ledger.must('deleteUnit', { id: unit({ name: '旧村', kind: '村' }).id });
    expect(ledger.must('savePerson', { name: '赵六', gender: '男', unit: '旧村' })).toMatchObject({ unit: '旧村', unitId: null });
  });

  it('relinks on update: a new typed name is looked up again, a new unit brings its name', () => {
    const { east, west, red } = countyTree();
    const p = ledger.must('savePerson', { name: '张三', gender: '男', unitId: red.id });
    const typed = ledger.must('savePerson', { id: p.id, unit: '西山镇' });
    expect(typed).toMatchObject({ unit: '西山镇', unitId: west.id });
    const chosen = ledger.must('savePerson', { id: p.id, unitId: east.id });
    expect(chosen).toMatchObject({ unit: '东山镇', unitId: east.id });
    // An update that leaves the unit alone keeps the link.
    expect(ledger.must('savePerson', { id: p.id, phone: '13800138000' })).toMatchObject({ unit: '东山镇', unitId: east.id });
    const cleared = ledger.must('savePerson', { id: p.id, unitId: null });
    expect(cleared).toMatchObject({ unit: null, unitId: null });
  });

  it('refuses a unit or party organisation that does not exist or is deleted, on its field', () => {
    const { red } = countyTree();
    const branch = org({ name: '红星村党支部', kind: '党支部' });
    ledger.must('deleteUnit', { id: red.id });
    ledger.must('deletePartyOrg', { id: branch.id });
    for (const input of [{ unitId: uuidv7() }, { unitId: red.id }, { partyOrgId: uuidv7() }, { partyOrgId: branch.id }]) {
      const error = ledger.refuse('savePerson', { name: '张三', gender: '男', ...input });
      expect(error.code).toBe('VALIDATION');
      expect(error.issues?.map((i) => i.field)).toEqual(Object.keys(input));
      expectChinese(error.message);
    }
  });

  it('shows the party organisation name and counts its people', () => {
    const committee = org({ name: '东山镇党委', kind: '党委' });
    const branch = org({ name: '红星村党支部', kind: '党支部', parentId: committee.id });
    const p = ledger.must('savePerson', { name: '张三', gender: '男', partyOrgId: branch.id, politicalStatus: '中共党员' });
    expect(p).toMatchObject({ partyOrgId: branch.id, partyOrg: '红星村党支部' });
    expect(ledger.must('listPartyOrgs', {}).find((o) => o.id === branch.id)!.peopleCount).toBe(1);
    org({ id: branch.id, name: '红星村第一党支部', kind: '党支部', parentId: committee.id });
    expect(ledger.must('getPerson', { id: p.id }).partyOrg).toBe('红星村第一党支部');
  });

  it('restoring a person whose unit or branch was deleted meanwhile unlinks them, keeping the unit name', () => {
    const { red } = countyTree();
    const branch = org({ name: '红星村党支部', kind: '党支部' });
    const p = ledger.must('savePerson', { name: '张三', gender: '男', unitId: red.id, partyOrgId: branch.id });
    ledger.must('deletePerson', { id: p.id });
    ledger.must('deleteUnit', { id: red.id });
    ledger.must('deletePartyOrg', { id: branch.id });
    const back = ledger.must('restorePerson', { id: p.id });
    expect(back).toMatchObject({ unit: '红星村', unitId: null, partyOrgId: null, partyOrg: null, deletedAt: null });
    // …so the next edit is not refused for a unit the clerk did not touch.
    expect(ledger.must('savePerson', { id: p.id, phone: '13800138000' }).phone).toBe('13800138000');
    // A live unit stays linked on restore.
    const { west } = { west: ledger.must('listUnits', {}).find((u) => u.name === '西山镇')! };
    const q = ledger.must('savePerson', { name: '李四', gender: '男', unitId: west.id });
    ledger.must('deletePerson', { id: q.id });
    expect(ledger.must('restorePerson', { id: q.id }).unitId).toBe(west.id);
  });
});

describe('party organisations', () => {
  it('puts each kind below its parent: 党委 > 党总支 > 党支部 > 党小组, and a 党委 under a 党委 (县委 → 镇党委)', () => {
    const county = org({ name: '示范县委', kind: '党委' });
    const committee = org({ name: '东山镇党委', kind: '党委', parentId: county.id });
    expect(committee.parentId).toBe(county.id);
    const general = org({ name: '红星村党总支', kind: '党总支', parentId: committee.id });
    const branch = org({ name: '红星村第一党支部', kind: '党支部', parentId: general.id });
    org({ name: '第一党小组', kind: '党小组', parentId: branch.id });
    // A 党支部 may sit directly under a 党委.
    org({ name: '机关党支部', kind: '党支部', parentId: committee.id });
    for (const [kind, parent] of [
      ['党委', general],
      ['党总支', general],
      ['党总支', branch],
      ['党委', branch],
      ['党支部', branch],
    ] as const) {
      const error = ledger.refuse('savePartyOrg', { name: `新${kind}`, kind, parentId: parent.id });
      expect(error.code).toBe('VALIDATION');
      expect(error.issues?.[0]?.field).toBe('kind');
      expectChinese(error.message);
    }
  });

  it('will not change a kind so that a child is no longer below it', () => {
    const committee = org({ name: '东山镇党委', kind: '党委' });
    const branch = org({ name: '红星村党支部', kind: '党支部', parentId: committee.id });
    const group = org({ name: '第一党小组', kind: '党小组', parentId: branch.id });
    // 党委 → 党小组 would put its 党支部 above it.
    expect(refused('savePartyOrg', { id: committee.id, name: '东山镇党委', kind: '党小组' }, 'VALIDATION')).toMatch(/红星村党支部/);
    refused('savePartyOrg', { id: branch.id, name: '红星村党支部', kind: '党小组', parentId: committee.id }, 'VALIDATION');
    // Raising a kind, or lowering it while children stay below, is fine.
    expect(org({ id: branch.id, name: '红星村党总支', kind: '党总支', parentId: committee.id }).kind).toBe('党总支');
    // A deleted child does not count.
    ledger.must('deletePartyOrg', { id: group.id });
    expect(org({ id: branch.id, name: '红星村党小组', kind: '党小组', parentId: committee.id }).kind).toBe('党小组');
  });

  it('shares the tree rules: unique live sibling names, no cycles, no deleting with children or people', () => {
    const committee = org({ name: '东山镇党委', kind: '党委' });
    const branch = org({ name: '红星村党支部', kind: '党支部', parentId: committee.id });
    refused('savePartyOrg', { name: '红星村党支部', kind: '党支部', parentId: committee.id }, 'DUPLICATE');
    refused('savePartyOrg', { id: committee.id, name: '东山镇党委', kind: '党委', parentId: branch.id }, 'VALIDATION');
    expect(refused('deletePartyOrg', { id: committee.id }, 'CONFLICT')).toMatch(/下级党组织/);
    const p = ledger.must('savePerson', { name: '张三', gender: '男', partyOrgId: branch.id });
    expect(refused('deletePartyOrg', { id: branch.id }, 'CONFLICT')).toMatch(/1名人员/);
    ledger.must('deletePerson', { id: p.id });
    ledger.must('deletePartyOrg', { id: branch.id });
    ledger.must('deletePartyOrg', { id: committee.id });
    refused('restorePartyOrg', { id: branch.id }, 'CONFLICT');
    ledger.must('restorePartyOrg', { id: committee.id });
    expect(ledger.must('restorePartyOrg', { id: branch.id }).deletedAt).toBeNull();
    refused('savePartyOrg', { id: uuidv7(), name: '无', kind: '党支部' }, 'NOT_FOUND');
  });

  it('keeps its unit from being deleted while it lives, so it can still be saved', () => {
    const { red } = countyTree();
    const branch = org({ name: '红星村党支部', kind: '党支部', unitId: red.id });
    expect(refused('deleteUnit', { id: red.id }, 'CONFLICT')).toMatch(/1个党组织/);
    ledger.must('deletePartyOrg', { id: branch.id });
    expect(ledger.must('deleteUnit', { id: red.id }).deletedAt).not.toBeNull();
    // Restored after its unit went, it comes back without the unit and can be saved again.
    expect(ledger.must('restorePartyOrg', { id: branch.id }).unitId).toBeNull();
    expect(org({ id: branch.id, name: '红星村第一党支部', kind: '党支部' }).name).toBe('红星村第一党支部');
  });

  it('links to a live unit only', () => {
    const { red } = countyTree();
    expect(org({ name: '红星村党支部', kind: '党支部', unitId: red.id }).unitId).toBe(red.id);
    refused('savePartyOrg', { name: '无名党支部', kind: '党支部', unitId: uuidv7() }, 'VALIDATION');
    const gone = unit({ name: '旧村', kind: '村' });
    ledger.must('deleteUnit', { id: gone.id });
    refused('savePartyOrg', { name: '旧村党支部', kind: '党支部', unitId: gone.id }, 'VALIDATION');
  });

  it('refuses a malformed kind or name before it reaches the core', () => {
    expect(ledger.refuse('savePartyOrg', { name: '某党组织', kind: '支部' as never }).code).toBe('VALIDATION');
    expect(ledger.refuse('saveUnit', { name: '   ', kind: '村' }).code).toBe('VALIDATION');
  });
});
