import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { MAX_ATTACHMENT_BYTES, MAX_THUMBNAIL_BYTES } from '../../shared/activitiesContract';
import type { AttachmentMeta } from '../../shared/activities';
import type { ParsedInput } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { nowIso, uuidv7 } from '../ids';

/**
 * Photos and scanned signed sheets kept inside the data file, so a backup or an exchange package carries them.
 * What a file is comes from its first bytes, never its name: only JPEG and PNG images are taken.
 */

const MAX_PER_ACTIVITY = 60;

export function imageKind(bytes: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return null;
}

function decode(base64: string): Buffer | null {
  const clean = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) return null;
  return Buffer.from(clean, 'base64');
}

interface MetaRow {
  id: string;
  activity_id: string;
  file_name: string;
  mime: string;
  bytes: number;
  sha256: string;
  thumbnail: Buffer | null;
  created_at: string;
}

const toMeta = (r: MetaRow): AttachmentMeta => ({
  id: r.id,
  activityId: r.activity_id,
  fileName: r.file_name,
  mime: r.mime,
  bytes: r.bytes,
  sha256: r.sha256,
  thumbnail: r.thumbnail ? `data:image/jpeg;base64,${r.thumbnail.toString('base64')}` : null,
  createdAt: r.created_at,
});

const META_COLUMNS = 'id, activity_id, file_name, mime, bytes, sha256, thumbnail, created_at';

export function listAttachments(db: Database, activityId: string): AttachmentMeta[] {
  return (db.prepare(`SELECT ${META_COLUMNS} FROM attachments WHERE activity_id = ? AND deleted_at IS NULL ORDER BY created_at, id`).all(activityId) as MetaRow[]).map(toMeta);
}

export function addAttachment(db: Database, input: ParsedInput<'addAttachment'>): Result<AttachmentMeta> {
  const name = input.fileName.replace(/^.*[\\/]/, '').trim() || '附件';
  const data = decode(input.dataBase64);
  if (!data || data.length === 0) return fail('VALIDATION', `附件“${name}”的内容无法读取，请重新选择文件`);
  if (data.length > MAX_ATTACHMENT_BYTES) {
    return fail('VALIDATION', `附件“${name}”有 ${(data.length / 1024 / 1024).toFixed(1)} MB，超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB 的上限。请压缩照片或降低扫描分辨率后再添加`);
  }
  const mime = imageKind(data);
  if (!mime) return fail('VALIDATION', `附件“${name}”不是 JPG 或 PNG 图片。请添加照片或扫描件（图片格式）；Word、PDF 等文件请打印后扫描成图片`);
  let thumbnail: Buffer | null = null;
  if (input.thumbnailBase64) {
    thumbnail = decode(input.thumbnailBase64);
    if (!thumbnail || imageKind(thumbnail) !== 'image/jpeg' || thumbnail.length > MAX_THUMBNAIL_BYTES) thumbnail = null;
  }
  return db.transaction((): Result<AttachmentMeta> => {
    const activity = db.prepare('SELECT origin_office, deleted_at FROM activities WHERE id = ?').get(input.activityId) as { origin_office: string; deleted_at: string | null } | undefined;
    if (!activity) return fail('NOT_FOUND', '找不到该活动记录');
    if (activity.deleted_at) return fail('CONFLICT', '该活动记录已删除，请先恢复');
    const count = db.prepare('SELECT COUNT(*) FROM attachments WHERE activity_id = ? AND deleted_at IS NULL').pluck().get(input.activityId) as number;
    if (count >= MAX_PER_ACTIVITY) return fail('VALIDATION', `每条活动记录最多 ${MAX_PER_ACTIVITY} 个附件`);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const same = db.prepare('SELECT file_name FROM attachments WHERE activity_id = ? AND sha256 = ? AND deleted_at IS NULL').pluck().get(input.activityId, sha256) as string | undefined;
    if (same) return fail('DUPLICATE', `附件“${name}”与已添加的“${same}”内容相同`);
    const id = uuidv7();
    const now = nowIso();
    db.prepare(
      `INSERT INTO attachments (id, origin_office, activity_id, file_name, mime, bytes, sha256, data, thumbnail, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, activity.origin_office, input.activityId, name, mime, data.length, sha256, data, thumbnail, now, now);
    return ok(toMeta(db.prepare(`SELECT ${META_COLUMNS} FROM attachments WHERE id = ?`).get(id) as MetaRow));
  }).immediate();
}

export function getAttachment(db: Database, id: string): Result<{ meta: AttachmentMeta; dataBase64: string }> {
  const row = db.prepare(`SELECT ${META_COLUMNS}, data FROM attachments WHERE id = ? AND deleted_at IS NULL`).get(id) as (MetaRow & { data: Buffer }) | undefined;
  if (!row) return fail('NOT_FOUND', '找不到该附件');
  return ok({ meta: toMeta(row), dataBase64: row.data.toString('base64') });
}

export function deleteAttachment(db: Database, id: string): Result<AttachmentMeta[]> {
  return db.transaction((): Result<AttachmentMeta[]> => {
    const row = db.prepare('SELECT activity_id FROM attachments WHERE id = ? AND deleted_at IS NULL').get(id) as { activity_id: string } | undefined;
    if (!row) return fail('NOT_FOUND', '找不到该附件');
    const now = nowIso();
    db.prepare('UPDATE attachments SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
    return ok(listAttachments(db, row.activity_id));
  }).immediate();
}
