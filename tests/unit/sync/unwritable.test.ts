import { afterEach, expect, it } from 'vitest';
import { changesNotAcknowledged } from '../../../src/core/sync/exchangeState';
import { selfKeys } from '../../../src/core/sync/officeKeys';
import { buildPackage, PackageError } from '../../../src/core/sync/packageFormat';
import { importInto, introduce, makeOffice, syncedState, type TestOffice } from '../../helpers/offices';
import { seedTownship } from '../../helpers/training';

const offices: TestOffice[] = [];
afterEach(() => {
  for (const o of offices.splice(0)) o.cleanup();
});

it('refuses a signed package whose changes the schema cannot hold, keeping nothing of it', () => {
  const town = makeOffice('红旗镇');
  const county = makeOffice('青山县');
  offices.push(town, county);
  introduce(town, county);
  seedTownship(town, 1, 2);
  const self = selfKeys(town.db);
  const all = changesNotAcknowledged(town.db, {});
  // A person without a name: the sender's key signs it, but people.name is NOT NULL here.
  const ops = all.ops.map((op) => (op.t === 'people' && op.f === '*' ? { ...op, nv: JSON.stringify({ ...JSON.parse(op.nv!), name: null }) } : op));
  const { bytes } = buildPackage({
    self,
    recipient: { id: county.officeId, name: county.officeName, boxKey: selfKeys(county.db).card.boxKey },
    passphrase: null,
    vector: {},
    ranges: [],
    contents: { ops, blobs: all.blobs, offices: [self.card] },
  });
  const before = syncedState(county);
  const imports = county.db.prepare('SELECT count(*) FROM sync_imports').pluck();
  expect(() => importInto(county, bytes)).toThrow(PackageError);
  expect(() => importInto(county, bytes)).toThrow(/无法写入本机数据/);
  expect(syncedState(county)).toEqual(before);
  expect(imports.get()).toBe(0);
});
