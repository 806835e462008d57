import { ACTIVITY_TYPES, type Activity, type ActivityType } from '../../../shared/activities';
import type { Input } from '../../../shared/contract';
import type { FieldIssue } from '../../../shared/result';

/** The activity editor's draft: every field as typed, so a refused save (or a crash) gives it all back. */
export interface ResolutionDraft {
  text: string;
  for: number;
  against: number;
  abstain: number;
}

export interface ActivityDraft {
  partyOrgId: string | null;
  date: string;
  startTime: string;
  endTime: string;
  location: string;
  types: ActivityType[];
  topic: string;
  host: string;
  recorder: string;
  lecturer: string;
  content: string;
  minutes: string;
  resolutions: ResolutionDraft[];
  note: string;
}

export type Translate = (key: string, values?: Record<string, unknown>) => string;

export function emptyActivityDraft(partyOrgId: string | null = null): ActivityDraft {
  return {
    partyOrgId,
    date: '',
    startTime: '',
    endTime: '',
    location: '',
    types: [],
    topic: '',
    host: '',
    recorder: '',
    lecturer: '',
    content: '',
    minutes: '',
    resolutions: [],
    note: '',
  };
}

export function activityDraftFrom(a: Activity): ActivityDraft {
  return {
    partyOrgId: a.partyOrgId,
    date: a.date,
    startTime: a.startTime ?? '',
    endTime: a.endTime ?? '',
    location: a.location ?? '',
    types: [...a.types],
    topic: a.topic,
    host: a.host ?? '',
    recorder: a.recorder ?? '',
    lecturer: a.lecturer ?? '',
    content: a.content ?? '',
    minutes: a.minutes ?? '',
    resolutions: a.resolutions.map((r) => ({ text: r.text, for: r.for, against: r.against, abstain: r.abstain })),
    note: a.note ?? '',
  };
}

/** Types in the order of ACTIVITY_TYPES, whatever order they were ticked in. */
export function sortTypes(types: readonly ActivityType[]): ActivityType[] {
  return ACTIVITY_TYPES.filter((t) => types.includes(t));
}

/** Two drafts hold the same content (a stored draft equal to the saved record is nothing to restore). */
export function sameDraft(a: ActivityDraft, b: ActivityDraft): boolean {
  return JSON.stringify({ ...a, types: sortTypes(a.types) }) === JSON.stringify({ ...b, types: sortTypes(b.types) });
}

/**
 * What the form checks itself, so the contract's generic refusals (an empty topic, no organisation) come back
 * on the right field in plain words. Dates, committees, groups and votes: the core.
 */
export function activityIssues(draft: ActivityDraft, t: Translate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!draft.partyOrgId) issues.push({ field: 'partyOrgId', message: t('activities.editor.needOrg') });
  if (!draft.date.trim()) issues.push({ field: 'date', message: t('activities.editor.needDate') });
  if (draft.types.length === 0) issues.push({ field: 'types', message: t('activities.editor.needTypes') });
  if (!draft.topic.trim()) issues.push({ field: 'topic', message: t('activities.editor.needTopic') });
  draft.resolutions.forEach((r, i) => {
    if (!r.text.trim()) issues.push({ field: `resolutions.${i}`, message: t('activities.editor.needResolutionText', { n: i + 1 }) });
  });
  return issues;
}

export function activityInput(draft: ActivityDraft, existing?: { id: string; rev: number }): Input<'saveActivity'> {
  const text = (v: string) => v.trim() || null;
  return {
    ...(existing ? { id: existing.id, rev: existing.rev } : {}),
    partyOrgId: draft.partyOrgId ?? '',
    types: sortTypes(draft.types),
    topic: draft.topic.trim(),
    date: draft.date.trim(),
    startTime: text(draft.startTime),
    endTime: text(draft.endTime),
    location: text(draft.location),
    host: text(draft.host),
    recorder: text(draft.recorder),
    lecturer: draft.types.includes('党课') ? text(draft.lecturer) : null,
    content: text(draft.content),
    minutes: text(draft.minutes),
    note: text(draft.note),
    resolutions: draft.resolutions.map((r) => ({ text: r.text.trim(), for: count(r.for), against: count(r.against), abstain: count(r.abstain) })),
  };
}

const count = (n: number) => (Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

// --- Quick entry -----------------------------------------------------------------------------------------

/** The newest 主题党日 in a list (listActivities answers newest first, but this does not rely on it). */
export function latestThemeDay(activities: readonly Activity[]): Activity | null {
  let best: Activity | null = null;
  for (const a of activities) {
    if (a.deletedAt || !a.types.includes('主题党日')) continue;
    if (!best || a.date > best.date || (a.date === best.date && (a.startTime ?? '') > (best.startTime ?? ''))) best = a;
  }
  return best;
}

/**
 * A topic written for one month, moved to another: "2026年10月主题党日" → "2026年11月主题党日", "10月份" →
 * "11月份". Only the source month as written next to 月 is changed; other numbers stay.
 */
export function shiftTopicMonth(topic: string, fromDate: string, to: { year: number; month: number }): string {
  const m = /^(\d{4})-(\d{2})/.exec(fromDate);
  if (!m) return topic;
  const year = Number(m[1]);
  const month = Number(m[2]);
  let out = topic.replace(new RegExp(`${year}\\s*年\\s*0?${month}\\s*月`, 'g'), `${to.year}年${to.month}月`);
  out = out.replace(new RegExp(`(^|[^\\d年])0?${month}(\\s*月)`, 'g'), (_all, before: string, after: string) => `${before}${to.month}${after}`);
  if (year !== to.year) out = out.replace(new RegExp(`${year}(\\s*年度)`, 'g'), `${to.year}$1`);
  return out;
}

/**
 * "复制上月主题党日": a new activity with the last one's types, place, host, recorder and topic (moved to this
 * month); date, minutes, resolutions and attendance start empty.
 */
export function draftFromPrevious(previous: Activity, today: string): ActivityDraft {
  const [y, mo] = today.split('-').map(Number);
  return {
    ...emptyActivityDraft(previous.partyOrgId),
    types: [...previous.types],
    location: previous.location ?? '',
    host: previous.host ?? '',
    recorder: previous.recorder ?? '',
    lecturer: previous.types.includes('党课') ? previous.lecturer ?? '' : '',
    startTime: previous.startTime ?? '',
    endTime: previous.endTime ?? '',
    topic: shiftTopicMonth(previous.topic, previous.date, { year: y!, month: mo! }),
  };
}

export interface ActivityTemplate {
  type: ActivityType;
  topic: string;
  content: string;
}

const MONTH = '{year}年{month}月';

/** Agenda skeletons the clerk fills in; `{year}` and `{month}` become the activity's month. */
export const ACTIVITY_TEMPLATES: readonly ActivityTemplate[] = [
  {
    type: '支部党员大会',
    topic: `${MONTH}支部党员大会`,
    content: [
      '一、主持人通报应到、实到党员人数，宣布会议开始；',
      '二、传达学习上级有关会议和文件精神；',
      '三、支部书记报告本季度支部工作情况及下一步工作安排；',
      '四、讨论决定事项（如：接收预备党员、预备党员转正、推荐入党积极分子等），与会党员充分发表意见；',
      '五、有表决权的党员进行表决，宣布表决结果；',
      '六、主持人作会议小结。',
    ].join('\n'),
  },
  {
    type: '支部委员会',
    topic: `${MONTH}支部委员会会议`,
    content: [
      '一、通报上月支委会决定事项落实情况；',
      '二、学习上级有关文件和会议精神；',
      '三、研究本月支部重点工作（党员教育管理、发展党员、主题党日安排等）；',
      '四、讨论需提交支部党员大会的事项；',
      '五、明确分工和完成时限。',
    ].join('\n'),
  },
  {
    type: '党小组会',
    topic: `${MONTH}党小组会`,
    content: ['一、组长传达支部工作安排；', '二、集中学习（学习内容：          ）；', '三、党员交流思想、工作情况，开展批评和自我批评；', '四、收集党员和群众意见建议；', '五、安排本小组近期工作。'].join('\n'),
  },
  {
    type: '党课',
    topic: `${MONTH}党课：`,
    content: ['一、主持人介绍授课人和党课主题；', '二、授课人讲授党课（题目：          ）；', '三、党员交流学习体会；', '四、主持人作总结，提出学习要求。'].join('\n'),
  },
  {
    type: '主题党日',
    topic: `${MONTH}主题党日：`,
    content: [
      '一、签到，重温入党誓词；',
      '二、集中学习（学习内容：          ）；',
      '三、过组织生活：通报支部工作，党员交流发言；',
      '四、民主议事：讨论村（社区）重要事项；',
      '五、收缴党费；',
      '六、开展志愿服务（服务内容：          ）。',
    ].join('\n'),
  },
  {
    type: '组织生活会',
    topic: '{year}年度组织生活会',
    content: [
      '一、通报会前学习研讨、征求意见、谈心谈话情况；',
      '二、支部书记代表支委会对照检查，通报上年度整改落实情况；',
      '三、支部委员逐一对照检查、开展批评和自我批评；',
      '四、党员逐一发言，开展批评和自我批评；',
      '五、明确整改事项、责任人和时限；',
      '六、上级党组织参会同志点评讲话。',
    ].join('\n'),
  },
  {
    type: '民主评议党员',
    topic: '{year}年度民主评议党员',
    content: [
      '一、通报民主评议党员的安排和评议标准；',
      '二、党员个人自评；',
      '三、党员互评；',
      '四、民主测评（优秀、合格、基本合格、不合格）；',
      '五、支部委员会综合评定，提出评定意见并报党员大会审议；',
      '六、向党员反馈评议结果。',
    ].join('\n'),
  },
];

export function fillTemplate(text: string, year: number, month: number): string {
  return text.replaceAll('{year}', String(year)).replaceAll('{month}', String(month));
}

/**
 * A template laid over the draft: its type is ticked (others stay), the topic and agenda fill only when empty
 * or when they still hold another template's untouched text.
 */
export function applyTemplate(draft: ActivityDraft, template: ActivityTemplate, today: string): void {
  const source = /^\d{4}-\d{2}-\d{2}$/.test(draft.date.trim()) ? draft.date.trim() : today;
  const [y, m] = source.split('-').map(Number);
  const isTemplateText = (text: string, key: 'topic' | 'content') => ACTIVITY_TEMPLATES.some((tp) => fillTemplate(tp[key], y!, m!) === text);
  if (!draft.types.includes(template.type)) draft.types = sortTypes([...draft.types, template.type]);
  if (!draft.topic.trim() || isTemplateText(draft.topic, 'topic')) draft.topic = fillTemplate(template.topic, y!, m!);
  if (!draft.content.trim() || isTemplateText(draft.content, 'content')) draft.content = fillTemplate(template.content, y!, m!);
}

/** Today in the computer's own time zone, as YYYY-MM-DD. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
