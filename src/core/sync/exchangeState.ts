import type { Database } from 'better-sqlite3';
import { toWire, type LogRow, type WireOp } from './ops';
import type { Blob } from './applyOps';

/** Per origin office, the sequence number up to which this file holds every change (applied or held). */
export type Vector = Record<string, number>;

export function receivedVector(db: Database): Vector {
  const totals = db
    .prepare(
      `SELECT office_id, max(seq) AS top, count(*) AS n FROM (SELECT office_id, seq FROM change_log UNION ALL SELECT office_id, seq FROM sync_held)
       GROUP BY office_id`,
    )
    .all() as { office_id: string; top: number; n: number }[];
  const vector: Vector = {};
  const seqs = db.prepare('SELECT seq FROM change_log WHERE office_id = ? UNION SELECT seq FROM sync_held WHERE office_id = ? ORDER BY 1').pluck();
  for (const { office_id, top, n } of totals) {
    if (top === n) {
      vector[office_id] = top;
      continue;
    }
    let expected = 1;
    for (const seq of seqs.iterate(office_id, office_id) as IterableIterator<number>) {
      if (seq !== expected) break;
      expected++;
    }
    vector[office_id] = expected - 1;
  }
  return vector;
}

/**
 * The destination's acknowledgements as of its newest package (its own sequence number never goes back, so it
 * orders its packages even when sticks arrive out of order). An older package never lowers what is known; an undo
 * there does lower it, so the changes it dropped are sent again.
 */
export const newerAcknowledgement = (current: Vector, incoming: Vector, sender: string): Vector =>
  (incoming[sender] ?? 0) >= (current[sender] ?? 0) ? incoming : current;

export interface OutgoingChanges {
  ops: WireOp[];
  blobs: Map<string, Blob>;
  ranges: { office: string; from: number; to: number; count: number }[];
}

/** Every change (from any office) the destination has not acknowledged, in clock order, with attachment bytes. */
export function changesNotAcknowledged(db: Database, acked: Vector): OutgoingChanges {
  const ops: WireOp[] = [];
  const blobs = new Map<string, Blob>();
  const ranges = new Map<string, { office: string; from: number; to: number; count: number }>();
  const offices = db.prepare('SELECT office_id FROM change_log GROUP BY office_id UNION SELECT office_id FROM sync_held').pluck().all() as string[];
  const logged = db.prepare('SELECT * FROM change_log WHERE office_id = ? AND seq > ? ORDER BY seq');
  const held = db.prepare('SELECT op, blob_data, blob_thumbnail FROM sync_held WHERE office_id = ? AND seq > ? ORDER BY seq');
  const attachment = db.prepare('SELECT data, thumbnail FROM attachments WHERE id = ?');
  const note = (op: WireOp): void => {
    ops.push(op);
    const range = ranges.get(op.o) ?? { office: op.o, from: op.s, to: op.s, count: 0 };
    range.from = Math.min(range.from, op.s);
    range.to = Math.max(range.to, op.s);
    range.count++;
    ranges.set(op.o, range);
  };
  for (const office of offices) {
    const after = acked[office] ?? 0;
    for (const row of logged.iterate(office, after) as IterableIterator<LogRow>) {
      const op = toWire(row);
      note(op);
      if (op.t === 'attachments' && op.f === '*') {
        const bytes = attachment.get(op.r) as { data: Buffer; thumbnail: Buffer | null } | undefined;
        if (bytes) blobs.set(op.r, { data: bytes.data, thumbnail: bytes.thumbnail });
      }
    }
    for (const row of held.iterate(office, after) as IterableIterator<{ op: string; blob_data: Buffer | null; blob_thumbnail: Buffer | null }>) {
      const op = JSON.parse(row.op) as WireOp;
      note(op);
      if (row.blob_data) blobs.set(op.r, { data: row.blob_data, thumbnail: row.blob_thumbnail });
    }
  }
  ops.sort((a, b) => a.h - b.h || (a.o < b.o ? -1 : a.o > b.o ? 1 : a.s - b.s));
  return { ops, blobs, ranges: [...ranges.values()] };
}
