import { z } from 'zod';
import { AUDIT_TABLES, MAX_IDLE_MINUTES, MAX_OPERATOR_NAME, MIN_LOCK_PASSWORD, type AuditPage, type LockState, type OperatorState } from './audit';
import { returns } from './returns';
import type { ExportedWorkbook } from './trainingExcel';

/** Who did what: the operator of this session, the audit trail (the change log) and the app lock. */

const operatorName = z
  .string()
  .trim()
  .min(1, '请填写姓名')
  .max(MAX_OPERATOR_NAME, `姓名最多${MAX_OPERATOR_NAME}个字`)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, '姓名不能含控制字符');
const password = z.string().min(MIN_LOCK_PASSWORD, `密码至少${MIN_LOCK_PASSWORD}个字符`).max(200, '密码最多200个字符');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Filters of the whole trail; `full` shows 身份证号 and phones unmasked (the screen's 显示完整). */
const auditFilters = z.strictObject({
  from: day.optional(),
  to: day.optional(),
  operator: z.string().max(MAX_OPERATOR_NAME).optional(),
  table: z.enum(AUDIT_TABLES).optional(),
  full: z.boolean().optional(),
});

export const auditContract = {
  listOperators: { input: z.strictObject({}), output: returns<OperatorState>() },
  /** Chooses (and remembers, if new) who is working now: every change from now on is attributed to them. */
  setCurrentOperator: { input: z.strictObject({ name: operatorName }), output: returns<OperatorState>() },
  getCurrentOperator: { input: z.strictObject({}), output: returns<string | null>() },
  /** Forgets a name in the list (its past changes keep it). */
  removeOperator: { input: z.strictObject({ name: z.string().max(MAX_OPERATOR_NAME) }), output: returns<OperatorState>() },

  /** One record's changes, newest first; a person's include their 人员类别 and 任职经历, a course its sessions. */
  recordHistory: {
    input: z.strictObject({
      table: z.enum(AUDIT_TABLES),
      rowId: z.string().min(1).max(100),
      full: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    output: returns<AuditPage>(),
  },
  auditLog: {
    input: auditFilters.extend({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }),
    output: returns<AuditPage>(),
  },
  /** The filtered trail as xlsx (时间/操作人/单位(来源)/表/记录/字段/原值/新值), newest first. */
  exportAuditLog: { input: auditFilters, output: returns<ExportedWorkbook>() },

  lockState: {
    /** `active`: the clerk is using the window (keys, mouse), which postpones the automatic lock. */
    input: z.strictObject({ active: z.boolean().optional() }),
    output: returns<LockState>(),
  },
  /** Sets or changes the lock password; a change needs the old one. */
  setLockPassword: { input: z.strictObject({ old: z.string().max(200).optional(), new: password }), output: returns<LockState>() },
  clearLockPassword: { input: z.strictObject({ password: z.string().max(200) }), output: returns<LockState>() },
  setLockIdleMinutes: { input: z.strictObject({ minutes: z.number().int().min(0).max(MAX_IDLE_MINUTES) }), output: returns<LockState>() },
  lock: { input: z.strictObject({}), output: returns<LockState>() },
  unlock: { input: z.strictObject({ password: z.string().max(200) }), output: returns<LockState>() },
} as const;

/** What a locked app still answers: the lock itself, and the office name for the lock screen. */
export const METHODS_WHILE_LOCKED: readonly string[] = ['unlock', 'lockState', 'getOffice'];
