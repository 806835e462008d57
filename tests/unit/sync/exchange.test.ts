import { describe, expect, it } from 'vitest';
import { listConflicts, resolveDeleteConflict, resolveFieldConflict } from '../../../src/core/sync/conflicts';
import { listDuplicates } from '../../../src/core/sync/duplicates';
import { changesNotAcknowledged } from '../../../src/core/sync/exchangeState';
import { undoLastImport } from '../../../src/core/sync/importPackage';
import { selfKeys } from '../../../src/core/sync/officeKeys';
import { buildPackage } from '../../../src/core/sync/packageFormat';
import { syntheticId } from '../../helpers/ledger';
import { importInto, introduce, officesPerTest, packageFor, syncedState } from '../../helpers/offices';
import { seedTownship } from '../../helpers/training';

const office = officesPerTest();

describe('exchange between two offices', () => {
  it('carries a township to the county, twice without duplicating, and edits both ways', () => {
    const town = office('红旗镇');
    const county = office('青山县');
    introduce(town, county);
    const { people } = seedTownship(town, 2, 5);
    const first = importInto(county, packageFor(town, county));
    expect(first.created).toBeGreaterThan(10);
    expect(first.conflicts).toEqual([]);
    expect(syncedState(county)).toEqual(syncedState(town));

    const again = importInto(county, packageFor(town, county));
    expect(again.created + again.updated).toBe(0);

    const person = people[0]!;
    county.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13900000001', person.id);
    importInto(town, packageFor(county, town));
    expect(town.db.prepare('SELECT phone FROM people WHERE id = ?').pluck().get(person.id)).toBe('13900000001');
    expect(syncedState(county)).toEqual(syncedState(town));
  });
});

describe('conflicts, deletes, duplicates, held changes and undo', () => {
  function pair() {
    const town = office('红旗镇');
    const county = office('青山县');
    introduce(town, county);
    const seeded = seedTownship(town, 1, 3);
    importInto(county, packageFor(town, county));
    importInto(town, packageFor(county, town));
    return { town, county, ...seeded };
  }

  it('keeps both values of a field changed in both offices and settles it everywhere', () => {
    const { town, county, people } = pair();
    const id = people[0]!.id;
    town.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13911111111', id);
    county.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13922222222', id);
    const atCounty = importInto(county, packageFor(town, county));
    const atTown = importInto(town, packageFor(county, town));
    expect(atCounty.conflicts.map((c) => [c.field, c.values.map((v) => v.display).sort()])).toEqual([['phone', ['13911111111', '13922222222']]]);
    expect(atTown.conflicts).toHaveLength(1);
    expect(syncedState(town)).toEqual(syncedState(county));
    // Settled at the county with a new value; the town follows and its conflict closes too.
    resolveFieldConflict(county.db, 'people', id, 'phone', JSON.stringify('13933333333'));
    expect(listConflicts(county.db)).toEqual([]);
    importInto(town, packageFor(county, town));
    expect(listConflicts(town.db)).toEqual([]);
    expect(town.db.prepare('SELECT phone FROM people WHERE id = ?').pluck().get(id)).toBe('13933333333');
    expect(syncedState(town)).toEqual(syncedState(county));
  });

  it('lists a delete made while the other office edited the record, and keeps the edit', () => {
    const { town, county, people } = pair();
    const id = people[1]!.id;
    town.db.prepare("UPDATE people SET deleted_at = '2026-11-22T00:00:00.000Z' WHERE id = ?").run(id);
    county.db.prepare("UPDATE people SET note = '县里补充的备注' WHERE id = ?").run(id);
    const atTown = importInto(town, packageFor(county, town));
    importInto(county, packageFor(town, county));
    expect(atTown.conflicts.map((c) => c.kind)).toEqual(['delete']);
    expect(listConflicts(county.db).map((c) => c.kind)).toEqual(['delete']);
    expect(town.db.prepare('SELECT note FROM people WHERE id = ?').pluck().get(id)).toBe('县里补充的备注');
    expect(syncedState(town)).toEqual(syncedState(county));
    resolveDeleteConflict(county.db, 'people', id, 'restore');
    importInto(town, packageFor(county, town));
    expect(listConflicts(town.db)).toEqual([]);
    expect(town.db.prepare('SELECT deleted_at FROM people WHERE id = ?').pluck().get(id)).toBeNull();
  });

  it('offers people entered in both offices under one ID number for merge, never merging them', () => {
    const town = office('红旗镇');
    const county = office('青山县');
    introduce(town, county);
    const idNumber = syntheticId('19800101', '123');
    const now = new Date().toISOString();
    for (const [o, name] of [[town, '王伟'], [county, '王 伟']] as const) {
      o.db.prepare("INSERT INTO people (id, origin_office, name, gender_code, id_number, created_at, updated_at) VALUES (?, ?, ?, '1', ?, ?, ?)").run(
        `${o.officeName}-p`,
        o.officeId,
        name,
        idNumber,
        now,
        now,
      );
    }
    const summary = importInto(county, packageFor(town, county));
    expect(summary.duplicates).toHaveLength(1);
    expect(summary.duplicates[0]!.differences.map((d) => d.field)).toEqual(['name']);
    expect(county.db.prepare('SELECT count(*) FROM people WHERE id_number = ? AND deleted_at IS NULL').pluck().get(idNumber)).toBe(2);
    expect(listDuplicates(county.db)).toHaveLength(1);
  });

  it('relays: a package from the county carries the town\'s rows to a village, so nothing waits', () => {
    const town = office('红旗镇');
    const county = office('青山县');
    const village = office('东村');
    introduce(town, county, village);
    const { people } = seedTownship(town, 1, 2);
    importInto(county, packageFor(town, county));
    county.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13944444444', people[0]!.id);
    const relayed = importInto(village, packageFor(county, village));
    expect(relayed.held).toBe(0);
    expect(village.db.prepare('SELECT phone FROM people WHERE id = ?').pluck().get(people[0]!.id)).toBe('13944444444');
  });

  it('holds a change whose record has not arrived, keeps it across imports, and applies it when the record comes', () => {
    const town = office('红旗镇');
    const county = office('青山县');
    introduce(town, county);
    const { people } = seedTownship(town, 1, 2);
    town.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13966666666', people[0]!.id);
    // A package missing the people's inserts (as if cut from an older state): their edits must wait, not fail.
    const self = selfKeys(town.db);
    const all = changesNotAcknowledged(town.db, {});
    const partial = all.ops.filter((op) => !(op.t === 'people' && op.f === '*'));
    const { bytes } = buildPackage({
      self,
      recipient: { id: county.officeId, name: county.officeName, boxKey: selfKeys(county.db).card.boxKey },
      passphrase: null,
      vector: {},
      ranges: [],
      contents: { ops: partial, blobs: all.blobs, offices: [self.card] },
    });
    const first = importInto(county, bytes);
    expect(first.held).toBeGreaterThan(0);
    expect(first.heldReasons.some((h) => h.table === 'people' && h.reason.includes('尚未收到'))).toBe(true);
    expect(county.db.prepare('SELECT count(*) FROM people').pluck().get()).toBe(0);
    const heldCount = county.db.prepare('SELECT count(*) FROM sync_held').pluck().get() as number;
    expect(heldCount).toBeGreaterThan(0);
    // The next full package heals it: the held edits land on the rows that now exist.
    importInto(county, packageFor(town, county));
    expect(county.db.prepare('SELECT count(*) FROM sync_held').pluck().get()).toBe(0);
    expect(county.db.prepare('SELECT phone FROM people WHERE id = ?').pluck().get(people[0]!.id)).toBe('13966666666');
    expect(syncedState(county)).toEqual(syncedState(town));
    // Undo of that import puts the held changes back on hold.
    undoLastImport(county.db);
    expect(county.db.prepare('SELECT count(*) FROM sync_held').pluck().get()).toBe(heldCount);
  });

  it('undoes the last import exactly, and the same stick can be imported again', () => {
    const { town, county, people } = pair();
    const before = syncedState(county);
    town.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13955555555', people[0]!.id);
    town.db.prepare("UPDATE people SET deleted_at = '2026-11-22T00:00:00.000Z' WHERE id = ?").run(people[1]!.id);
    const stick = packageFor(town, county);
    importInto(county, stick);
    expect(syncedState(county)).not.toEqual(before);
    undoLastImport(county.db);
    expect(syncedState(county)).toEqual(before);
    const again = importInto(county, stick);
    expect(again.alreadyImported).toBe(false);
    expect(again.updated).toBe(2);
    expect(syncedState(county)).toEqual(syncedState(town));
  });
});

describe('memberships', () => {
  it('settles a category added in one office and removed in the other', () => {
    const town = office('红旗镇');
    const county = office('青山县');
    introduce(town, county);
    const { people } = seedTownship(town, 1, 1);
    const id = people[0]!.id;
    importInto(county, packageFor(town, county));
    town.db.prepare("DELETE FROM person_categories WHERE person_id = ? AND category = '乡镇公务员'").run(id);
    county.db.prepare("DELETE FROM person_categories WHERE person_id = ? AND category = '乡镇公务员'").run(id);
    county.db.prepare("INSERT INTO person_categories (person_id, category) VALUES (?, '乡镇公务员')").run(id);
    importInto(county, packageFor(town, county));
    importInto(town, packageFor(county, town));
    const [conflict] = listConflicts(county.db);
    expect(conflict?.table).toBe('person_categories');
    expect(listConflicts(town.db)).toHaveLength(1);
    for (const value of ['1', '0', '0']) {
      const holder = value === '1' ? county : town;
      if (listConflicts(holder.db).length === 0) break;
      resolveFieldConflict(holder.db, 'person_categories', conflict!.rowId, '_present', JSON.stringify(value));
      importInto(holder === county ? town : county, packageFor(holder, holder === county ? town : county));
    }
    expect(listConflicts(county.db)).toEqual([]);
    expect(listConflicts(town.db)).toEqual([]);
    expect(syncedState(town)).toEqual(syncedState(county));
    expect(town.db.prepare("SELECT count(*) FROM person_categories WHERE person_id = ? AND category = '乡镇公务员'").pluck().get(id)).toBe(1);
  });
});
