import { z } from 'zod';
import { INSERT_FIELD, PRESENT_FIELD, PURGE_FIELD, SYNC_TABLE_BY_NAME, isJunction } from './syncTables';

/** One change as it travels in a package: the change_log row with short keys. Values are JSON text. */
export const wireOpSchema = z
  .object({
    id: z.string().max(100),
    o: z.string().min(1).max(64),
    s: z.number().int().positive(),
    h: z.number().int().nonnegative(),
    t: z.string().max(40),
    r: z.string().min(1).max(500),
    f: z.string().min(1).max(64),
    ov: z.string().max(2_000_000).nullable(),
    nv: z.string().max(2_000_000).nullable(),
    b: z.string().max(100).nullable(),
    rb: z.string().max(100).nullable(),
    rs: z.string().max(100_000).nullable(),
    sn: z.string().max(100_000).nullable(),
    op: z.string().max(200).nullable(),
    at: z.string().max(40),
  })
  .strict()
  .superRefine((op, ctx) => {
    const fail = (message: string): void => ctx.addIssue({ code: 'custom', message });
    if (op.id !== `${op.o}:${op.s}`) fail('变更编号与来源单位、序号不符');
    const table = SYNC_TABLE_BY_NAME.get(op.t);
    if (!table) return fail(`未知的数据表：${op.t}`);
    const special = isJunction(table) ? [PRESENT_FIELD] : [INSERT_FIELD, PURGE_FIELD];
    if (!special.includes(op.f) && (isJunction(table) || !table.columns.includes(op.f))) fail(`未知的字段：${op.t}.${op.f}`);
    for (const [name, value] of [['nv', op.nv], ['ov', op.ov], ['rs', op.rs], ['sn', op.sn]] as const) {
      if (value === null) continue;
      try {
        JSON.parse(value);
      } catch {
        fail(`字段 ${name} 不是有效的数据`);
      }
    }
  });

export type WireOp = z.infer<typeof wireOpSchema>;

export interface LogRow {
  op_id: string;
  office_id: string;
  seq: number;
  hlc: number;
  tbl: string;
  row_id: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  base_op: string | null;
  row_base: string | null;
  resolves: string | null;
  seen: string | null;
  operator: string | null;
  at: string;
}

export const toWire = (row: LogRow): WireOp => ({
  id: row.op_id,
  o: row.office_id,
  s: row.seq,
  h: row.hlc,
  t: row.tbl,
  r: row.row_id,
  f: row.field,
  ov: row.old_value,
  nv: row.new_value,
  b: row.base_op,
  rb: row.row_base,
  rs: row.resolves,
  sn: row.seen,
  op: row.operator,
  at: row.at,
});

export const fromWire = (op: WireOp): LogRow => ({
  op_id: op.id,
  office_id: op.o,
  seq: op.s,
  hlc: op.h,
  tbl: op.t,
  row_id: op.r,
  field: op.f,
  old_value: op.ov,
  new_value: op.nv,
  base_op: op.b,
  row_base: op.rb,
  resolves: op.rs,
  seen: op.sn,
  operator: op.op,
  at: op.at,
});

/** The ops an op depends on: it is applied only once all of them are here. */
export function dependencies(op: WireOp): string[] {
  const list = [op.b, op.rb].filter((d): d is string => d !== null);
  for (const json of [op.rs, op.sn]) if (json) for (const d of JSON.parse(json) as unknown[]) if (typeof d === 'string') list.push(d);
  return list;
}

/** Causal order: an op's dependencies always have a smaller clock. */
export const byClock = (a: WireOp, b: WireOp): number => a.h - b.h || (a.o < b.o ? -1 : a.o > b.o ? 1 : a.s - b.s);

export const rowKey = (table: string, rowId: string): string => `${table}\u0000${rowId}`;
