import type { Method } from './contract';
import { PERSON_FIELD_LABELS } from './person';

/**
 * Chinese names of request fields, per method, so a refused request names the field as the screen does
 * ("培训名称：不能为空", not "姓名：…" or "name：…").
 */

const COURSE_LABELS: Record<string, string> = {
  name: '培训名称',
  kind: '培训类型',
  organizer: '主办单位',
  host: '承办单位',
  location: '培训地点',
  startDate: '开始日期',
  endDate: '结束日期',
  target: '培训对象',
  teachers: '授课人',
  content: '培训内容',
  plannedHours: '计划学时',
  fullTime: '是否脱产',
  ledgers: '计入台账',
  assessment: '考核方式',
  note: '备注',
};

const SESSION_LABELS: Record<string, string> = {
  courseId: '培训班',
  date: '日期',
  period: '时段',
  startTime: '开始时间',
  endTime: '结束时间',
  topic: '课程题目',
  teacher: '授课人',
  location: '地点',
  hours: '学时',
};

const ORG_LABELS: Record<string, string> = { name: '名称', kind: '类型', parentId: '上级', unitId: '所属单位', divisionCode: '区划代码', sortOrder: '排序' };

const ENROLMENT_LABELS: Record<string, string> = {
  personIds: '人员',
  personId: '人员',
  unitId: '单位',
  partyOrgId: '党组织',
  categories: '人员类别',
  entries: '考勤',
  status: '出勤状态',
  reason: '原因',
  result: '考核结果',
  hoursOverride: '认定学时',
  overrideReason: '调整原因',
  certificateNo: '证书编号',
  note: '备注',
};

const RULE_LABELS: Record<string, string> = { dayFactor: '每天折算学时', dailyCap: '每天最多学时', rules: '学时规则', hours: '学时', days: '天数', name: '名称' };

const BY_METHOD: Partial<Record<Method, Record<string, string>>> = {
  saveCourse: COURSE_LABELS,
  saveSession: SESSION_LABELS,
  saveUnit: ORG_LABELS,
  savePartyOrg: ORG_LABELS,
  previewEnrolment: ENROLMENT_LABELS,
  enrol: ENROLMENT_LABELS,
  recordAttendance: ENROLMENT_LABELS,
  saveEnrolmentResult: ENROLMENT_LABELS,
  saveTrainingRules: RULE_LABELS,
};

/** The label of a field path such as `entries.3.reason` (its last named part), or '' when none is known. */
export function fieldLabel(method: Method, path: string): string {
  const labels = BY_METHOD[method] ?? PERSON_FIELD_LABELS;
  const named = path.split('.').filter((p) => !/^\d+$/.test(p));
  return labels[named.at(-1) ?? ''] ?? labels[path] ?? '';
}
