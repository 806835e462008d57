import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Blob } from '../../../src/core/sync/applyOps';
import { listConflicts, resolveDeleteConflict, resolveFieldConflict } from '../../../src/core/sync/conflicts';
import { changesNotAcknowledged, receivedVector } from '../../../src/core/sync/exchangeState';
import { UndoRefused, undoLastImport } from '../../../src/core/sync/importPackage';
import { knownOffice, selfKeys } from '../../../src/core/sync/officeKeys';
import type { WireOp } from '../../../src/core/sync/ops';
import { buildPackage, PackageError } from '../../../src/core/sync/packageFormat';
import { recordActivity, seedBranch } from '../../helpers/activities';
import { dumpTables } from '../../helpers/dbDump';
import { importInto, introduce, officesPerTest, packageFor, syncedState, type TestOffice } from '../../helpers/offices';

/**
 * Attachments (photos, scanned sign-in sheets) through a package: their bytes ride in the blob part, apart from
 * the row, and must arrive as they left; bytes that do not match the row's sha256 or size refuse the package.
 */

const office = officesPerTest();

// Only JPEG and PNG are taken (by their first bytes), so the "PDF-like" sheet is every byte value behind a PNG header.
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(Array.from({ length: 6000 }, (_, i) => (i * 151 + (i >> 7)) % 256)), Buffer.from([0xff, 0xd9])]);
const SHEET = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('%PDF-1.4\r\n%\u00e2\u00e3\r\n', 'latin1'),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from(Array.from({ length: 256 }, (_, i) => 255 - i)),
]);
const THUMB = Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x0a, 0x0d, 0xff, 0xd9]);
const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

interface AttachmentRow {
  id: string;
  activity_id: string;
  origin_office: string;
  file_name: string;
  mime: string;
  bytes: number;
  sha256: string;
  data: Buffer;
  thumbnail: Buffer | null;
  created_at: string;
  deleted_at: string | null;
}

const attachmentRows = (o: TestOffice): AttachmentRow[] =>
  o.db.prepare('SELECT id, activity_id, origin_office, file_name, mime, bytes, sha256, data, thumbnail, created_at, deleted_at FROM attachments ORDER BY id').all() as AttachmentRow[];
const attachmentRow = (o: TestOffice, id: string): AttachmentRow | undefined => attachmentRows(o).find((r) => r.id === id);

/** A town with an activity holding two attachments (a photo with a thumbnail, a sheet), and the county. */
function townWithAttachments() {
  const town = office('红旗镇');
  const county = office('青山县');
  introduce(town, county);
  const branch = seedBranch(town, { size: 4 });
  const activity = recordActivity(town, { partyOrgId: branch.branchId, topic: '学习二十届三中全会精神' });
  const photo = town.must('addAttachment', { activityId: activity.id, fileName: '现场照片.jpg', dataBase64: PHOTO.toString('base64'), thumbnailBase64: THUMB.toString('base64') });
  const sheet = town.must('addAttachment', { activityId: activity.id, fileName: '签到表扫描.png', dataBase64: SHEET.toString('base64') });
  return { town, county, activity, photo, sheet };
}

/** Both offices hold the activity and its attachments, and each has acknowledged the other's changes. */
function exchanged() {
  const setup = townWithAttachments();
  importInto(setup.county, packageFor(setup.town, setup.county));
  importInto(setup.town, packageFor(setup.county, setup.town));
  return setup;
}

/** A package from the town, signed with the town's own key, whose attachment bytes were edited before sealing. */
function packageWithBlobs(town: TestOffice, county: TestOffice, edit: (blobs: Map<string, Blob>) => void, keep: (op: WireOp) => boolean = () => true): Buffer {
  const self = selfKeys(town.db);
  const changes = changesNotAcknowledged(town.db, knownOffice(town.db, county.officeId)!.acked);
  edit(changes.blobs);
  changes.ops = changes.ops.filter(keep);
  return buildPackage({
    self,
    recipient: { id: county.officeId, name: county.officeName, boxKey: selfKeys(county.db).card.boxKey },
    passphrase: null,
    vector: receivedVector(town.db),
    ranges: changes.ranges,
    contents: { ops: changes.ops, blobs: changes.blobs, offices: [self.card] },
  }).bytes;
}

describe('attachments travel with their activity', () => {
  it('arrive at the county byte-identical, with the same sha256, file name, content type and thumbnail', () => {
    const { town, county, activity, photo, sheet } = townWithAttachments();
    const summary = importInto(county, packageFor(town, county));
    expect(summary.byTable.attachments).toEqual({ created: 2, updated: 0, unchanged: 0, held: 0 });
    expect(summary.held).toBe(0);

    const sent = attachmentRows(town);
    const arrived = attachmentRows(county);
    expect(arrived).toHaveLength(2);
    expect(arrived).toEqual(sent);
    for (const [meta, bytes, mime, thumbnail] of [[photo, PHOTO, 'image/jpeg', THUMB], [sheet, SHEET, 'image/png', null]] as const) {
      const row = attachmentRow(county, meta.id)!;
      expect(row.data.equals(bytes), meta.fileName).toBe(true);
      expect(row.sha256).toBe(sha(bytes));
      expect(sha(row.data)).toBe(row.sha256);
      expect(row.bytes).toBe(bytes.length);
      expect(row.mime).toBe(mime);
      expect(row.thumbnail === null ? null : row.thumbnail.equals(thumbnail!)).toBe(thumbnail === null ? null : true);
      const got = county.must('getAttachment', { id: meta.id });
      expect(got.meta).toEqual(meta);
      expect(Buffer.from(got.dataBase64, 'base64').equals(bytes)).toBe(true);
    }
    expect(SHEET.includes(Buffer.from(Array.from({ length: 256 }, (_, i) => i)))).toBe(true);
    expect(county.must('getActivity', { id: activity.id }).attachments.map((a) => a.fileName)).toEqual(['现场照片.jpg', '签到表扫描.png']);
    expect(syncedState(county)).toEqual(syncedState(town));
  });

  it('changes nothing when the same package is imported again, nor when the next package carries them again', () => {
    const { town, county } = townWithAttachments();
    const bytes = packageFor(town, county);
    importInto(county, bytes);
    const watcher = new BetterSqlite3(county.file, { readonly: true });
    try {
      const dump = dumpTables(county.db);
      const version = watcher.pragma('data_version', { simple: true }) as number;
      const again = importInto(county, bytes);
      expect(again.alreadyImported).toBe(true);
      expect(again.message).toMatch(/导入过.*数据库未作改动/);
      expect(watcher.pragma('data_version', { simple: true })).toBe(version);
      expect(dumpTables(county.db)).toEqual(dump);
    } finally {
      watcher.close();
    }
    // The town has not yet heard the county's acknowledgement: its next package carries the bytes once more.
    const rows = attachmentRows(county);
    const next = importInto(county, packageFor(town, county));
    expect(next.created + next.updated).toBe(0);
    expect(next.byTable.attachments?.unchanged).toBe(2);
    expect(attachmentRows(county)).toEqual(rows);
  });

  it('carries a delete as a soft delete, keeping the bytes, and a restore back the other way', () => {
    const { town, county, activity, photo } = exchanged();
    town.must('deleteAttachment', { id: photo.id });
    const summary = importInto(county, packageFor(town, county));
    expect(summary.byTable.attachments).toMatchObject({ created: 0, updated: 1 });
    const deleted = attachmentRow(county, photo.id)!;
    expect(deleted.deleted_at).toBe(attachmentRow(town, photo.id)!.deleted_at);
    expect(deleted.deleted_at).not.toBeNull();
    expect(deleted.data.equals(PHOTO)).toBe(true);
    expect(county.refuse('getAttachment', { id: photo.id }).code).toBe('NOT_FOUND');
    expect(county.must('getActivity', { id: activity.id }).attachments.map((a) => a.id)).not.toContain(photo.id);
    expect(listConflicts(county.db)).toEqual([]);

    // Restored at the county (the only way back for an attachment is its deleted_at), it comes back in the town.
    county.db.prepare("UPDATE attachments SET deleted_at = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(photo.id);
    importInto(town, packageFor(county, town));
    const restored = town.must('getAttachment', { id: photo.id });
    expect(Buffer.from(restored.dataBase64, 'base64').equals(PHOTO)).toBe(true);
    expect(restored.meta.sha256).toBe(sha(PHOTO));
    expect(town.must('getActivity', { id: activity.id }).attachments).toHaveLength(2);
    expect(syncedState(town)).toEqual(syncedState(county));
  });

  it('undo of the import at the county removes the activity and its attachments, and the stick applies again', () => {
    const { town, county } = townWithAttachments();
    const bytes = packageFor(town, county);
    const before = dumpTables(county.db);
    importInto(county, bytes);
    expect(attachmentRows(county)).toHaveLength(2);
    const undone = undoLastImport(county.db);
    expect(undone.rows).toBeGreaterThan(2);
    expect(attachmentRows(county)).toEqual([]);
    expect(county.db.prepare('SELECT count(*) FROM activities').pluck().get()).toBe(0);
    expect(county.db.prepare("SELECT count(*) FROM change_log WHERE tbl = 'attachments'").pluck().get()).toBe(0);
    expect(county.db.prepare('SELECT count(*) FROM sync_held').pluck().get()).toBe(0);
    // Every table is as it was but the import's own record, the sender's bookkeeping, the clock (it never goes back)
    // and the search index's segments.
    const after = dumpTables(county.db);
    for (const table of Object.keys(before).filter((t) => !['sync_imports', 'sync_import_rows', 'sync_state', 'office'].includes(t) && !t.includes('_fts'))) {
      expect(after[table], table).toEqual(before[table]);
    }

    importInto(county, bytes);
    expect(attachmentRows(county)).toEqual(attachmentRows(town));
    // An attachment the county then adds to the imported activity refers to it: the undo is refused, nothing moves.
    const activityId = attachmentRows(county)[0]!.activity_id;
    county.must('addAttachment', { activityId, fileName: '县里补的照片.jpg', dataBase64: Buffer.concat([PHOTO, Buffer.from([1])]).toString('base64') });
    const kept = dumpTables(county.db);
    expect(() => undoLastImport(county.db)).toThrow(UndoRefused);
    expect(() => undoLastImport(county.db)).toThrow(/已有记录引用了它带来的数据/);
    expect(dumpTables(county.db)).toEqual(kept);
  });
});

describe('attachments changed in both offices', () => {
  it('a delete in the town against a rename at the county is a delete conflict, settled by restoring', () => {
    const { town, county, photo } = exchanged();
    town.must('deleteAttachment', { id: photo.id });
    county.db.prepare("UPDATE attachments SET file_name = '支部书记讲党课.jpg' WHERE id = ?").run(photo.id);
    const atCounty = importInto(county, packageFor(town, county));
    const atTown = importInto(town, packageFor(county, town));
    for (const conflicts of [atCounty.conflicts, atTown.conflicts]) {
      expect(conflicts.map((c) => [c.kind, c.table, c.recordLabel])).toEqual([['delete', 'attachments', '支部书记讲党课.jpg']]);
    }
    expect(syncedState(town)).toEqual(syncedState(county));
    expect(attachmentRow(county, photo.id)!.deleted_at).not.toBeNull();

    resolveDeleteConflict(county.db, 'attachments', photo.id, 'restore');
    importInto(town, packageFor(county, town));
    for (const o of [town, county]) {
      const row = attachmentRow(o, photo.id)!;
      expect([row.deleted_at, row.file_name, row.data.equals(PHOTO), sha(row.data) === row.sha256]).toEqual([null, '支部书记讲党课.jpg', true, true]);
      expect(listConflicts(o.db)).toEqual([]);
    }
  });

  it('two renames are a field conflict with both names, settled everywhere; the bytes stay', () => {
    const { town, county, sheet } = exchanged();
    town.db.prepare("UPDATE attachments SET file_name = '签到表（镇）.png' WHERE id = ?").run(sheet.id);
    county.db.prepare("UPDATE attachments SET file_name = '签到表（县）.png' WHERE id = ?").run(sheet.id);
    const atCounty = importInto(county, packageFor(town, county));
    importInto(town, packageFor(county, town));
    expect(atCounty.conflicts.map((c) => [c.table, c.field, c.values.map((v) => v.display).sort()])).toEqual([['attachments', 'file_name', ['签到表（县）.png', '签到表（镇）.png']]]);
    expect(listConflicts(town.db)).toHaveLength(1);
    expect(syncedState(town)).toEqual(syncedState(county));

    resolveFieldConflict(town.db, 'attachments', sheet.id, 'file_name', JSON.stringify('签到表.png'));
    importInto(county, packageFor(town, county));
    for (const o of [town, county]) {
      const row = attachmentRow(o, sheet.id)!;
      expect([row.file_name, row.data.equals(SHEET)]).toEqual(['签到表.png', true]);
      expect(listConflicts(o.db)).toEqual([]);
    }
  });

  it('a delete in both offices stays deleted in both and is no conflict, whatever the two delete times', () => {
    const { town, county, sheet } = exchanged();
    town.must('deleteAttachment', { id: sheet.id });
    county.must('deleteAttachment', { id: sheet.id });
    const atCounty = importInto(county, packageFor(town, county));
    const atTown = importInto(town, packageFor(county, town));
    expect([atCounty.conflicts, atTown.conflicts]).toEqual([[], []]);
    for (const o of [town, county]) {
      expect(listConflicts(o.db)).toEqual([]);
      const row = attachmentRow(o, sheet.id)!;
      expect(row.deleted_at).not.toBeNull();
      expect(row.data.equals(SHEET)).toBe(true);
    }
    expect(syncedState(town)).toEqual(syncedState(county));
  });
});

describe('attachment bytes that do not match their row', () => {
  /** Refused by the engine and by the API (import and preview) with the message; nothing changes, no backup. */
  function expectRefused(county: TestOffice, bytes: Buffer, message: RegExp): void {
    const watcher = new BetterSqlite3(county.file, { readonly: true });
    const backups = (): string[] => (existsSync(join(county.dir, 'backups')) ? readdirSync(join(county.dir, 'backups')) : []);
    try {
      const dump = dumpTables(county.db);
      const version = watcher.pragma('data_version', { simple: true }) as number;
      const backupsBefore = backups();
      let refusal: unknown = null;
      try {
        importInto(county, bytes);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(PackageError);
      expect((refusal as PackageError).code).toBe('DAMAGED');
      expect((refusal as PackageError).message).toMatch(/^数据包无法读取：.+数据库未作任何改动。$/);
      expect((refusal as PackageError).message).toMatch(message);
      for (const method of ['previewPackage', 'importPackage'] as const) {
        const error = county.refuse(method, { dataBase64: bytes.toString('base64'), fileName: '附件被换.ledgerpkg', passphrase: null });
        expect([error.code, error.message], method).toEqual(['VALIDATION', (refusal as PackageError).message]);
      }
      expect(county.db.inTransaction).toBe(false);
      expect(watcher.pragma('data_version', { simple: true })).toBe(version);
      expect(dumpTables(county.db)).toEqual(dump);
      expect(backups()).toEqual(backupsBefore);
    } finally {
      watcher.close();
    }
  }

  it('refuses a package whose blob was swapped and re-sealed and re-signed with the sender key, naming the attachment and activity', () => {
    const { town, county, sheet } = townWithAttachments();
    const swapped = packageWithBlobs(town, county, (blobs) => {
      const data = Buffer.from(blobs.get(sheet.id)!.data);
      data[100]! ^= 0x01;
      blobs.set(sheet.id, { data, thumbnail: null });
    });
    expectRefused(county, swapped, /活动「2026-03-05 学习二十届三中全会精神」的附件“签到表扫描\.png”内容与记录的 SHA-256 校验值不符/);
    // The genuine package still goes in.
    importInto(county, packageFor(town, county));
    expect(attachmentRows(county)).toEqual(attachmentRows(town));
  });

  it('refuses a blob of another size, and one given the other attachment’s bytes', () => {
    const { town, county, photo, sheet } = townWithAttachments();
    const longer = packageWithBlobs(town, county, (blobs) => blobs.set(photo.id, { data: Buffer.concat([PHOTO, Buffer.from([0])]), thumbnail: THUMB }));
    expectRefused(county, longer, new RegExp(`附件“现场照片\\.jpg”.*大小.*${PHOTO.length + 1}.*${PHOTO.length}`));
    const crossed = packageWithBlobs(town, county, (blobs) => {
      const a = blobs.get(photo.id)!;
      blobs.set(photo.id, blobs.get(sheet.id)!);
      blobs.set(sheet.id, a);
    });
    expectRefused(county, crossed, /附件“(现场照片\.jpg|签到表扫描\.png)”/);
  });

  it('refuses a bad blob for an attachment held at the county for want of its bytes, then takes the genuine one', () => {
    const { town, county, photo } = townWithAttachments();
    // A first package without the photo's bytes: its insert is held back.
    const first = importInto(county, packageWithBlobs(town, county, (blobs) => blobs.delete(photo.id)));
    expect(first.heldReasons.map((h) => [h.table, h.rowId])).toContainEqual(['attachments', photo.id]);
    expect(attachmentRow(county, photo.id)).toBeUndefined();
    // Only the bytes come again: the insert they are for is the one held here.
    const bad = packageWithBlobs(
      town,
      county,
      (blobs) => blobs.set(photo.id, { data: Buffer.from(PHOTO).fill(0x20, 10, 20), thumbnail: null }),
      (op) => !(op.t === 'attachments' && op.r === photo.id),
    );
    expectRefused(county, bad, /附件“现场照片\.jpg”/);
    importInto(county, packageFor(town, county));
    expect(attachmentRow(county, photo.id)!.data.equals(PHOTO)).toBe(true);
    expect(county.db.prepare('SELECT count(*) FROM sync_held').pluck().get()).toBe(0);
  });
});
