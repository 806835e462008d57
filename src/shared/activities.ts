/** Party organisational life (REFERENCE §1.4, §2.1, §5.7): 三会一课, 主题党日 and the rest, with attendance and a compliance calendar. */

/** 活动类型. One event often counts as several (a 主题党日 that is also the quarter's 党员大会 and a 党课). */
export const ACTIVITY_TYPES = ['支部党员大会', '支部委员会', '党小组会', '党课', '主题党日', '组织生活会', '民主评议党员', '专题学习', '其他'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** 支委 roles. */
export const COMMITTEE_ROLES = ['书记', '副书记', '组织委员', '宣传委员', '纪检委员', '青年委员', '统战委员', '委员'] as const;
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number];

export const ACTIVITY_ATTENDANCE_STATUSES = ['出席', '请假', '缺席'] as const;
export type ActivityAttendanceStatus = (typeof ACTIVITY_ATTENDANCE_STATUSES)[number];

/** One member of a party organisation, derived from the roster: one person, one record. */
export interface PartyMember {
  personId: string;
  name: string;
  gender: string;
  /** 正式党员 vote; 预备党员 do not. */
  memberType: '正式党员' | '预备党员';
  voting: boolean;
  joinDate: string | null;
  fullDate: string | null;
  /** The organisation the person is attached to (the branch itself or one of its 党小组). */
  partyOrgId: string;
  /** The 党小组, when the person is in one. */
  groupId: string | null;
  groupName: string | null;
  committeeRole: CommitteeRole | null;
  phone: string | null;
}

/** A 支委 seat: a person on the committee of a branch, with the dates of the term. */
export interface CommitteeSeat {
  id: string;
  partyOrgId: string;
  personId: string;
  name: string;
  role: CommitteeRole;
  startDate: string | null;
  endDate: string | null;
}

export interface BranchMembers {
  partyOrgId: string;
  name: string;
  kind: string;
  members: PartyMember[];
  /** Current 支委 (no end date, or an end date in the future). */
  committee: CommitteeSeat[];
  groups: { id: string; name: string; members: number }[];
  counts: { members: number; full: number; probationary: number };
}

export interface Resolution {
  text: string;
  for: number;
  against: number;
  abstain: number;
}

export interface ResolutionResult extends Resolution {
  /** 党员大会: 赞成 more than half of the voting members expected (第十一条). Null when the activity is not a 党员大会. */
  passed: boolean | null;
}

export interface AttachmentMeta {
  id: string;
  activityId: string;
  fileName: string;
  mime: string;
  bytes: number;
  sha256: string;
  /** A data: URL of a small JPEG thumbnail, or null. */
  thumbnail: string | null;
  createdAt: string;
}

export interface ActivityCounts {
  /** 应到: members expected (snapshot taken when the activity was recorded). */
  expected: number;
  expectedVoting: number;
  present: number;
  presentVoting: number;
  leave: number;
  absent: number;
  /** Not yet recorded. */
  unrecorded: number;
  /** 列席 */
  observers: number;
  /** 支委 expected and present (for a 支委会). */
  committeeExpected: number;
  committeePresent: number;
}

export interface QuorumCheck {
  /** Which rule: 党员大会 (voting members) or 支委会 (committee). */
  rule: '支部党员大会' | '支部委员会';
  required: number;
  present: number;
  met: boolean;
  /** Chinese sentence for the warning, or null when met. */
  warning: string | null;
}

export interface Activity {
  id: string;
  rev: number;
  partyOrgId: string;
  partyOrgName: string;
  types: ActivityType[];
  topic: string;
  /** YYYY-MM-DD */
  date: string;
  startTime: string | null;
  endTime: string | null;
  location: string | null;
  host: string | null;
  recorder: string | null;
  /** 授课人 of a 党课 */
  lecturer: string | null;
  /** 会议议程/内容 */
  content: string | null;
  /** 会议记录 (minutes) */
  minutes: string | null;
  note: string | null;
  resolutions: ResolutionResult[];
  counts: ActivityCounts;
  quorum: QuorumCheck[];
  attachments: AttachmentMeta[];
  originOffice: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface ActivityAttendanceRow {
  personId: string;
  name: string;
  memberType: '正式党员' | '预备党员';
  voting: boolean;
  committeeRole: CommitteeRole | null;
  groupName: string | null;
  status: ActivityAttendanceStatus | null;
  reason: string | null;
}

export interface Observer {
  name: string;
  /** Their unit or post, as printed: 镇党委组织委员. */
  note: string | null;
}

export interface ActivityAttendance {
  activity: Activity;
  rows: ActivityAttendanceRow[];
  observers: Observer[];
}

export type CompliancePeriod = 'month' | 'quarter' | 'year';

export interface ComplianceRule {
  type: ActivityType;
  period: CompliancePeriod;
  /** Times per period. */
  times: number;
  enabled: boolean;
  /** Local rule, off by default (党课 quarterly is not in the central text). */
  optional: boolean;
}

export interface ComplianceRules {
  /** A period is "due soon" this many days before it ends. */
  dueSoonDays: number;
  rules: ComplianceRule[];
}

export const DEFAULT_COMPLIANCE_RULES: ComplianceRules = {
  dueSoonDays: 7,
  rules: [
    { type: '支部党员大会', period: 'quarter', times: 1, enabled: true, optional: false },
    { type: '支部委员会', period: 'month', times: 1, enabled: true, optional: false },
    { type: '党小组会', period: 'month', times: 1, enabled: true, optional: false },
    { type: '主题党日', period: 'month', times: 1, enabled: true, optional: false },
    { type: '组织生活会', period: 'year', times: 1, enabled: true, optional: false },
    { type: '民主评议党员', period: 'year', times: 1, enabled: true, optional: false },
    { type: '党课', period: 'quarter', times: 1, enabled: false, optional: true },
  ],
};

export type ComplianceStatus = 'done' | 'overdue' | 'due-soon' | 'open' | 'future' | 'not-required';

export interface ComplianceCell {
  type: ActivityType;
  period: CompliancePeriod;
  /** 1–12 for months, 1–4 for quarters, 1 for the year. */
  index: number;
  start: string;
  end: string;
  required: number;
  held: number;
  status: ComplianceStatus;
  /** Why nothing is required (no committee, no 党小组), when status is not-required. */
  reason: string | null;
  activityIds: string[];
}

export interface BranchCompliance {
  partyOrgId: string;
  name: string;
  cells: ComplianceCell[];
  /** Per type over the year: periods required, done, overdue. */
  byType: { type: ActivityType; required: number; done: number; overdue: number; overduePeriods: string[] }[];
}

export interface ComplianceReport {
  year: number;
  /** The day "overdue" and "due soon" are judged on. */
  today: string;
  rules: ComplianceRules;
  branches: BranchCompliance[];
}
