import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../src/shared/activities';
import {
  ACTIVITY_TEMPLATES,
  activityDraftFrom,
  activityInput,
  activityIssues,
  applyTemplate,
  draftFromPrevious,
  emptyActivityDraft,
  latestThemeDay,
  sameDraft,
  shiftTopicMonth,
} from '../../../src/ui/features/activities/activityForm';

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key}:${JSON.stringify(values)}` : key);

function activity(fields: Partial<Activity>): Activity {
  return {
    id: 'a1',
    rev: 1,
    partyOrgId: 'org',
    partyOrgName: '东村党支部',
    types: ['主题党日'],
    topic: '2026年10月主题党日：重温入党誓词',
    date: '2026-10-15',
    startTime: '09:00',
    endTime: '11:00',
    location: '村党群服务中心',
    host: '王建国',
    recorder: '李秀英',
    lecturer: null,
    content: '议程',
    minutes: '记录',
    note: null,
    resolutions: [{ text: '同意', for: 5, against: 0, abstain: 0, passed: true }],
    counts: { expected: 10, expectedVoting: 8, present: 0, presentVoting: 0, leave: 0, absent: 0, unrecorded: 10, observers: 0, committeeExpected: 3, committeePresent: 0 },
    quorum: [],
    attachments: [],
    originOffice: 'o',
    createdAt: '',
    updatedAt: '',
    deletedAt: null,
    ...fields,
  };
}

describe('activity form', () => {
  it('checks what the contract would refuse in generic words, on the right fields', () => {
    const draft = emptyActivityDraft();
    draft.resolutions.push({ text: ' ', for: 1, against: 0, abstain: 0 });
    expect(activityIssues(draft, t).map((i) => i.field)).toEqual(['partyOrgId', 'date', 'types', 'topic', 'resolutions.0']);
  });

  it('builds the input: types in the canonical order, blank text as null, 授课人 only with 党课, votes as whole numbers', () => {
    const draft = { ...emptyActivityDraft('org'), types: ['主题党日', '支部党员大会'] as Activity['types'], topic: ' 主题 ', date: '2026-11-20', lecturer: '张书记', location: ' ' };
    draft.resolutions = [{ text: ' 同意 ', for: 6.7, against: -1, abstain: Number.NaN }];
    const input = activityInput(draft, { id: 'a1', rev: 3 });
    expect(input).toMatchObject({ id: 'a1', rev: 3, types: ['支部党员大会', '主题党日'], topic: '主题', location: null, lecturer: null, resolutions: [{ text: '同意', for: 6, against: 0, abstain: 0 }] });
    expect(activityInput({ ...draft, types: ['党课'] }).lecturer).toBe('张书记');
  });

  it('round-trips a saved activity and compares drafts whatever order the types were ticked in', () => {
    const a = activity({ types: ['支部党员大会', '主题党日'] });
    const draft = activityDraftFrom(a);
    expect(sameDraft(draft, { ...draft, types: ['主题党日', '支部党员大会'] })).toBe(true);
    expect(sameDraft(draft, { ...draft, minutes: '改过' })).toBe(false);
    expect(draft.resolutions).toEqual([{ text: '同意', for: 5, against: 0, abstain: 0 }]);
  });

  it('moves a topic to another month', () => {
    expect(shiftTopicMonth('2026年10月主题党日：重温入党誓词', '2026-10-15', { year: 2026, month: 11 })).toBe('2026年11月主题党日：重温入党誓词');
    expect(shiftTopicMonth('10月份主题党日（第10期）', '2026-10-15', { year: 2026, month: 11 })).toBe('11月份主题党日（第10期）');
    expect(shiftTopicMonth('2025年12月主题党日', '2025-12-05', { year: 2026, month: 1 })).toBe('2026年1月主题党日');
    expect(shiftTopicMonth('2025年 03 月主题党日', '2025-03-05', { year: 2025, month: 4 })).toBe('2025年4月主题党日');
    expect(shiftTopicMonth('重温入党誓词', '2026-10-15', { year: 2026, month: 11 })).toBe('重温入党誓词');
  });

  it('finds the newest live 主题党日 and copies it with date, minutes, resolutions left empty', () => {
    const older = activity({ id: 'old', date: '2026-09-10' });
    const newer = activity({ id: 'new', date: '2026-10-15', types: ['主题党日', '党课'], lecturer: '王建国' });
    const meeting = activity({ id: 'mtg', date: '2026-10-20', types: ['支部委员会'] });
    const gone = activity({ id: 'gone', date: '2026-10-30', deletedAt: 'x' });
    expect(latestThemeDay([older, meeting, newer, gone])?.id).toBe('new');
    expect(latestThemeDay([meeting])).toBeNull();
    const copy = draftFromPrevious(newer, '2026-11-22');
    expect(copy).toMatchObject({ partyOrgId: 'org', types: ['主题党日', '党课'], topic: '2026年11月主题党日：重温入党誓词', location: '村党群服务中心', host: '王建国', recorder: '李秀英', lecturer: '王建国', date: '', minutes: '', content: '', resolutions: [] });
  });

  it('has a template for each 三会一课 type and more; applying one ticks its type and fills only empty or untouched text', () => {
    expect(ACTIVITY_TEMPLATES.map((tp) => tp.type)).toEqual(['支部党员大会', '支部委员会', '党小组会', '党课', '主题党日', '组织生活会', '民主评议党员']);
    const draft = { ...emptyActivityDraft('org'), date: '2026-03-05' };
    applyTemplate(draft, ACTIVITY_TEMPLATES[4]!, '2026-11-22');
    expect(draft.types).toEqual(['主题党日']);
    expect(draft.topic).toBe('2026年3月主题党日：');
    expect(draft.content).toContain('重温入党誓词');
    // Another template over untouched text replaces it; the type list grows.
    applyTemplate(draft, ACTIVITY_TEMPLATES[0]!, '2026-11-22');
    expect(draft.types).toEqual(['支部党员大会', '主题党日']);
    expect(draft.topic).toBe('2026年3月支部党员大会');
    // Text the clerk wrote stays.
    draft.topic = '我写的主题';
    applyTemplate(draft, ACTIVITY_TEMPLATES[5]!, '2026-11-22');
    expect(draft.topic).toBe('我写的主题');
    expect(draft.content).toContain('批评和自我批评');
  });
});
