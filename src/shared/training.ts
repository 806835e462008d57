/** Training records (REFERENCE §1.3, §2.2, §5.6): courses, sessions, enrolment, attendance, the yearly 学时 ledger. */

/** 培训类型 (REFERENCE §3.7). Free text is refused: the ledger and reports group by these. */
export const COURSE_KINDS = [
  '专题培训班',
  '集中轮训',
  '示范培训',
  '初任培训',
  '任职培训',
  '在职培训',
  '农牧民夜校',
  '远程教育',
  '网络培训',
  '冬春训',
  '党课/专题讲座',
] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];

/**
 * The two yearly ledgers of §2.2. A course counts toward one or both (a 集中轮训 for village secretaries is both
 * 党员教育 and 干部教育).
 */
export const TRAINING_LEDGERS = ['党员教育培训', '干部教育培训'] as const;
export type TrainingLedger = (typeof TRAINING_LEDGERS)[number];

/** 时段 of a session; times default from it when not typed (conflict checks need a time range). */
export const SESSION_PERIODS = ['上午', '下午', '晚上', '全天'] as const;
export type SessionPeriod = (typeof SESSION_PERIODS)[number];

/** Default clock range of each period, for conflict checks when a session has no times typed. */
export const PERIOD_TIMES: Record<SessionPeriod, { start: string; end: string }> = {
  上午: { start: '08:30', end: '12:00' },
  下午: { start: '14:00', end: '17:30' },
  晚上: { start: '19:00', end: '21:30' },
  全天: { start: '08:30', end: '17:30' },
};

/** 出勤状态 (REFERENCE §3.7 less 列席, which is for meetings). 出席, 迟到 and 早退 earn the session's 学时. */
export const ATTENDANCE_STATUSES = ['出席', '迟到', '早退', '请假', '缺席'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const CREDITED_STATUSES: readonly AttendanceStatus[] = ['出席', '迟到', '早退'];

export const ASSESSMENT_RESULTS = ['优秀', '合格', '不合格'] as const;
export type AssessmentResult = (typeof ASSESSMENT_RESULTS)[number];

export interface Course {
  id: string;
  rev: number;
  name: string;
  kind: CourseKind;
  /** 主办单位 */
  organizer: string | null;
  /** 承办单位 */
  host: string | null;
  location: string | null;
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
  /** 培训对象 */
  target: string | null;
  /** 授课人 (free text; each session may name its own). */
  teachers: string | null;
  /** 培训内容 */
  content: string | null;
  /** 计划学时 */
  plannedHours: number | null;
  /** 是否脱产: leave over 1/7 of the hours is flagged (干部教育培训工作条例). */
  fullTime: boolean;
  ledgers: TrainingLedger[];
  /** 考核方式 */
  assessment: string | null;
  note: string | null;
  originOffice: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface CourseSummary extends Course {
  sessionCount: number;
  /** Sum of the sessions' 学时. */
  sessionHours: number;
  enrolled: number;
  /** Attendance rows that earn hours ÷ (sessions × enrolled); null before any attendance is recorded. */
  attendanceRate: number | null;
  /** Attendance rows recorded (any status): a course with some cannot be deleted without warning. */
  attendanceRecords: number;
}

export interface CourseSession {
  id: string;
  courseId: string;
  date: string;
  period: SessionPeriod;
  /** HH:MM; defaults from the period. */
  startTime: string;
  endTime: string;
  topic: string | null;
  teacher: string | null;
  location: string | null;
  hours: number;
  /** Recorded attendance: how many 出席/迟到/早退, 请假, 缺席 (the rest are 未记录). */
  present: number;
  leave: number;
  absent: number;
  createdAt: string;
  updatedAt: string;
}

export interface CourseDetail {
  course: CourseSummary;
  sessions: CourseSession[];
}

/** One enrolled person with what they earned. Sorted in the printed order (序号). */
export interface Enrolment {
  id: string;
  courseId: string;
  personId: string;
  /** 1-based printed order. */
  seq: number;
  name: string;
  /** Pinyin initials, for quick check-in by typing (zs + Enter). */
  initials: string;
  gender: string;
  idNumber: string | null;
  phone: string | null;
  unit: string | null;
  post: string | null;
  /** The person was deleted from the roster after enrolling: kept, marked. */
  personDeleted: boolean;
  /** Sessions attended (出席/迟到/早退) and the 学时 they carry. */
  attendedSessions: number;
  attendedHours: number;
  leaveHours: number;
  /** 学时 credited to the ledger: the override when one is given, else attendedHours. */
  creditedHours: number;
  hoursOverride: number | null;
  overrideReason: string | null;
  result: AssessmentResult | null;
  certificateNo: string | null;
  note: string | null;
  /** 脱产 courses: leave above 1/7 of the hours (原则上退学). */
  leaveOverLimit: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface EnrolmentCandidate {
  personId: string;
  name: string;
  unit: string | null;
  post: string | null;
  alreadyEnrolled: boolean;
  /** Why this person cannot join: e.g. 同一时间已参加《…》（2026-03-05 上午）. */
  conflict: string | null;
}

export interface EnrolResult {
  enrolled: number;
  skipped: { personId: string; name: string; reason: string }[];
}

export interface AttendanceRow {
  enrolmentId: string;
  personId: string;
  seq: number;
  name: string;
  initials: string;
  unit: string | null;
  post: string | null;
  phone: string | null;
  status: AttendanceStatus | null;
  reason: string | null;
}

export interface SessionAttendance {
  course: CourseSummary;
  session: CourseSession;
  rows: AttendanceRow[];
}

/** A yearly requirement (REFERENCE §2.2), applied to the people it describes. */
export interface TrainingRule {
  id: string;
  name: string;
  ledger: TrainingLedger;
  /** 学时 a year. */
  hours: number;
  /** "or N days": met when the hours reach min(hours, days × dayFactor). */
  days: number | null;
  /** Applies to 中共党员 and 中共预备党员 only. */
  partyMembersOnly: boolean;
  /** Applies to holders of any of these 人员类别; empty = everyone the other conditions allow. */
  categories: string[];
}

export interface TrainingRules {
  /** 学时 per training day (REFERENCE: 8, 7.5 in some places). */
  dayFactor: number;
  /** The most 学时 one person can earn in one day, whatever was recorded (REFERENCE §4.5). */
  dailyCap: number;
  rules: TrainingRule[];
}

export const DEFAULT_TRAINING_RULES: TrainingRules = {
  dayFactor: 8,
  dailyCap: 8,
  rules: [
    { id: 'party-member', name: '党员集中学习培训', ledger: '党员教育培训', hours: 32, days: null, partyMembersOnly: true, categories: [] },
    {
      id: 'branch-leaders',
      name: '基层党组织书记和班子成员',
      ledger: '党员教育培训',
      hours: 56,
      days: null,
      partyMembersOnly: true,
      categories: ['村（社区）两委成员'],
    },
    {
      id: 'township-cadres',
      name: '乡科级干部教育培训',
      ledger: '干部教育培训',
      hours: 90,
      days: 12,
      partyMembersOnly: false,
      categories: ['乡镇公务员', '乡镇参公人员'],
    },
  ],
};

/** A person's standing on one ledger in one year: the strictest rule that applies to them. */
export interface LedgerStanding {
  ledger: TrainingLedger;
  ruleId: string;
  ruleName: string;
  hours: number;
  required: number;
  shortfall: number;
}

/** One row of the yearly 学时台账. hours/required/shortfall are those of the standing with the largest shortfall. */
export interface LedgerRow {
  personId: string;
  name: string;
  idNumber: string | null;
  unitId: string | null;
  unit: string | null;
  post: string | null;
  categories: string[];
  /** 学时 earned this year per ledger (courses counting toward both add to both). */
  hoursByLedger: Record<TrainingLedger, number>;
  /** 学时 this year per 培训类型. */
  hoursByKind: Partial<Record<CourseKind, number>>;
  courses: number;
  standings: LedgerStanding[];
  hours: number;
  required: number;
  shortfall: number;
}

export interface LedgerPage {
  year: number;
  items: LedgerRow[];
  total: number;
  /** Over every person the filters select (not just this page). */
  summary: { people: number; required: number; met: number; behind: number; shortfallHours: number };
}

export interface UnitCoverage {
  unitId: string | null;
  unit: string;
  /** People with at least one requirement. */
  required: number;
  met: number;
  rate: number;
}
