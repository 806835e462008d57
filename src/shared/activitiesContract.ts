import { z } from 'zod';
import {
  ACTIVITY_ATTENDANCE_STATUSES,
  ACTIVITY_TYPES,
  COMMITTEE_ROLES,
  type Activity,
  type ActivityAttendance,
  type AttachmentMeta,
  type BranchMembers,
  type CommitteeSeat,
  type ComplianceReport,
  type ComplianceRules,
} from './activities';
import { originOfficeFilter } from './officeFilter';
import { returns } from './returns';
import type { ExportedWorkbook } from './trainingExcel';

/** The party organisational life part of the API contract (issue 5); spread into `contract`. */

const id = z.string().uuid();
const byId = z.strictObject({ id });
const optionalText = (max: number) => z.string().max(max).nullish();
const year = z.number().int().min(1949).max(2200);
const count = z.number().int().min(0).max(100_000);

/** 10 MiB: a phone photo or a scanned sheet, with room to spare. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Thumbnails are made by the window (canvas) and only checked here. */
export const MAX_THUMBNAIL_BYTES = 96 * 1024;

export const activityInputSchema = z.strictObject({
  id: id.optional(),
  rev: z.number().int().nonnegative().optional(),
  partyOrgId: id,
  types: z.array(z.enum(ACTIVITY_TYPES)).max(ACTIVITY_TYPES.length),
  topic: z.string().trim().min(1).max(200),
  date: z.string().max(20),
  startTime: z.string().max(5).nullish(),
  endTime: z.string().max(5).nullish(),
  location: optionalText(100),
  host: optionalText(50),
  recorder: optionalText(50),
  lecturer: optionalText(50),
  content: optionalText(20_000),
  minutes: optionalText(100_000),
  note: optionalText(2000),
  resolutions: z
    .array(z.strictObject({ text: z.string().trim().min(1).max(1000), for: count, against: count, abstain: count }))
    .max(50)
    .optional(),
});

export const committeeSeatSchema = z.strictObject({
  id: id.optional(),
  partyOrgId: id,
  personId: id,
  role: z.enum(COMMITTEE_ROLES),
  startDate: optionalText(20),
  endDate: optionalText(20),
});

export const complianceRulesSchema = z.strictObject({
  dueSoonDays: z.number().int().min(0).max(90),
  rules: z
    .array(
      z.strictObject({
        type: z.enum(ACTIVITY_TYPES),
        period: z.enum(['month', 'quarter', 'year']),
        times: z.number().int().min(1).max(31),
        enabled: z.boolean(),
        optional: z.boolean(),
      }),
    )
    .max(ACTIVITY_TYPES.length * 3),
});

export const activitiesContract = {
  /** Members of a party organisation and the 党小组 under it, derived from the roster, with its 支委. */
  listPartyMembers: { input: z.strictObject({ partyOrgId: id }), output: returns<BranchMembers>() },
  saveCommitteeSeat: { input: committeeSeatSchema, output: returns<CommitteeSeat>() },
  /** Returns the branch's remaining seats. */
  deleteCommitteeSeat: { input: byId, output: returns<CommitteeSeat[]>() },

  listActivities: {
    input: z.strictObject({
      partyOrgId: id.optional(),
      year: year.optional(),
      type: z.enum(ACTIVITY_TYPES).optional(),
      query: z.string().max(100).optional(),
      /** Activities recorded by this office. */
      originOffice: originOfficeFilter,
      deleted: z.enum(['live', 'deleted']).default('live'),
    }),
    output: returns<Activity[]>(),
  },
  getActivity: { input: byId, output: returns<Activity>() },
  /** A new activity takes a snapshot of the organisation's members as 应到 (later roster changes leave it be). */
  saveActivity: { input: activityInputSchema, output: returns<Activity>() },
  deleteActivity: { input: byId, output: returns<Activity>() },
  restoreActivity: { input: byId, output: returns<Activity>() },

  getActivityAttendance: { input: z.strictObject({ activityId: id }), output: returns<ActivityAttendance>() },
  /** All entries or none; a person who is not a member is refused by name (列席 go in observers). */
  recordActivityAttendance: {
    input: z.strictObject({
      activityId: id,
      entries: z
        .array(z.strictObject({ personId: id, status: z.enum(ACTIVITY_ATTENDANCE_STATUSES).nullable(), reason: optionalText(200) }))
        .max(5000),
      /** Replaces the 列席 list when given. */
      observers: z.array(z.strictObject({ name: z.string().trim().min(1).max(50), note: optionalText(100) })).max(200).optional(),
    }),
    output: returns<ActivityAttendance>(),
  },

  /** An image (JPEG or PNG, ≤ 10 MiB) kept inside the data file with the activity; checked by its bytes, not its name. */
  addAttachment: {
    input: z.strictObject({
      activityId: id,
      fileName: z.string().trim().min(1).max(255),
      dataBase64: z.string().max(Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 1024),
      thumbnailBase64: z.string().max(Math.ceil((MAX_THUMBNAIL_BYTES * 4) / 3) + 4).optional(),
    }),
    output: returns<AttachmentMeta>(),
  },
  getAttachment: { input: byId, output: returns<{ meta: AttachmentMeta; dataBase64: string }>() },
  /** Soft delete; returns the activity's remaining attachments. */
  deleteAttachment: { input: byId, output: returns<AttachmentMeta[]>() },

  getComplianceRules: { input: z.strictObject({}), output: returns<ComplianceRules>() },
  saveComplianceRules: { input: complianceRulesSchema, output: returns<ComplianceRules>() },
  /** Month × branch grid of required activities; `today` (YYYY-MM-DD) fixes the day judged on, for reports and tests. */
  complianceReport: {
    /** originOffice: only the branches that office recorded; absent, every office's (the county roll-up). */
    input: z.strictObject({ year, partyOrgId: id.optional(), originOffice: originOfficeFilter, today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
    output: returns<ComplianceReport>(),
  },
  /** The year's compliance in the official xlsx layout: one row per branch × type, then the month grid sheet. */
  exportCompliance: { input: z.strictObject({ year, partyOrgId: id.optional(), originOffice: originOfficeFilter }), output: returns<ExportedWorkbook>() },
} as const;
