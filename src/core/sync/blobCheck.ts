import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Blob } from './applyOps';
import type { WireOp } from './ops';
import { PackageError } from './packageFormat';
import { INSERT_FIELD } from './syncTables';

interface AttachmentFields {
  activity_id?: unknown;
  file_name?: unknown;
  bytes?: unknown;
  sha256?: unknown;
}

const parse = (nv: string | null): AttachmentFields => {
  const value = nv === null ? null : (JSON.parse(nv) as unknown);
  return typeof value === 'object' && value !== null ? (value as AttachmentFields) : {};
};

/**
 * Attachment bytes ride in the blob part, apart from the row that records their sha256 and size, and the signature
 * only proves who sealed them. So each blob is checked against every insert that would take it (in the package, or
 * held here from an earlier one) before anything is written: one that does not match refuses the whole package.
 */
export function checkAttachmentBlobs(db: Database, ops: readonly WireOp[], blobs: ReadonlyMap<string, Blob>): void {
  if (blobs.size === 0) return;
  const isInsert = (op: WireOp): boolean => op.t === 'attachments' && op.f === INSERT_FIELD && blobs.has(op.r);
  const held = (db.prepare("SELECT op FROM sync_held WHERE json_extract(op, '$.t') = 'attachments' AND json_extract(op, '$.f') = ?").pluck().all(INSERT_FIELD) as string[]).map(
    (op) => JSON.parse(op) as WireOp,
  );
  for (const op of [...ops.filter(isInsert), ...held.filter(isInsert)]) {
    const row = parse(op.nv);
    const data = blobs.get(op.r)!.data;
    const digest = createHash('sha256').update(data).digest('hex');
    let wrong: string | null = null;
    if (typeof row.bytes === 'number' && data.length !== row.bytes) wrong = `大小为 ${data.length} 字节，与记录的 ${row.bytes} 字节不符`;
    else if (digest !== row.sha256) wrong = '内容与记录的 SHA-256 校验值不符';
    if (wrong === null) continue;
    const fileName = typeof row.file_name === 'string' ? row.file_name : op.r;
    throw new PackageError(
      'DAMAGED',
      `数据包无法读取：活动「${activityLabel(db, ops, row.activity_id)}」的附件“${fileName}”${wrong}（文件被改动过或已损坏），整个数据包已拒绝。数据库未作任何改动。`,
    );
  }
}

/** The activity as a clerk knows it (date and topic), from this ledger or from the package that brings it. */
function activityLabel(db: Database, ops: readonly WireOp[], activityId: unknown): string {
  if (typeof activityId !== 'string') return '未知活动';
  const here = db.prepare("SELECT date || ' ' || topic FROM activities WHERE id = ?").pluck().get(activityId) as string | undefined;
  if (here !== undefined) return here;
  const insert = ops.find((op) => op.t === 'activities' && op.f === INSERT_FIELD && op.r === activityId);
  const fields = insert ? (parse(insert.nv) as { date?: unknown; topic?: unknown }) : {};
  return typeof fields.date === 'string' && typeof fields.topic === 'string' ? `${fields.date} ${fields.topic}` : '未知活动';
}
