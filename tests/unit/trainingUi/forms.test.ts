import { describe, expect, it } from 'vitest';
import { courseDraftFrom, courseInput, courseIssues, emptyCourseDraft, followEndDate } from '../../../src/ui/features/training/courseForm';
import { percent } from '../../../src/ui/features/training/format';
import { addDays, changePeriod, defaultHours, newSessionDraft, nextSlot, parseHours, sessionInput, sessionIssues } from '../../../src/ui/features/training/sessionForm';

/** A stand-in for vue-i18n's t: the key and its values, so tests see which message was chosen. */
const t = (key: string, named?: Record<string, unknown>) => (named ? `${key} ${JSON.stringify(named)}` : key);

describe('session form', () => {
  it('defaults 学时 by period: half a day 4, a whole day 8, an evening 2', () => {
    expect(defaultHours('上午')).toBe(4);
    expect(defaultHours('下午')).toBe(4);
    expect(defaultHours('全天')).toBe(8);
    expect(defaultHours('晚上')).toBe(2);
  });

  it('moves times and 学时 with the period unless the clerk typed them', () => {
    const draft = newSessionDraft({ date: '2026-03-02', period: '上午' });
    expect([draft.startTime, draft.endTime, draft.hours]).toEqual(['08:30', '12:00', '4']);
    changePeriod(draft, '上午', '全天');
    expect([draft.startTime, draft.endTime, draft.hours]).toEqual(['08:30', '17:30', '8']);
    draft.endTime = '16:00';
    draft.hours = '6';
    changePeriod(draft, '全天', '下午');
    expect([draft.startTime, draft.endTime, draft.hours, draft.period]).toEqual(['14:00', '16:00', '6', '下午']);
  });

  it('offers the next slot: 上午 → 下午 → next day, never past the course end', () => {
    const course = { startDate: '2026-03-02', endDate: '2026-03-03' };
    expect(nextSlot(null, course)).toEqual({ date: '2026-03-02', period: '上午' });
    expect(nextSlot({ date: '2026-03-02', period: '上午' }, course)).toEqual({ date: '2026-03-02', period: '下午' });
    expect(nextSlot({ date: '2026-03-02', period: '下午' }, course)).toEqual({ date: '2026-03-03', period: '上午' });
    expect(nextSlot({ date: '2026-03-03', period: '下午' }, course)).toEqual({ date: '2026-03-03', period: '晚上' });
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('reads 学时 as typed, full-width digits too, and refuses words', () => {
    expect(parseHours('3.5')).toBe(3.5);
    expect(parseHours('４')).toBe(4);
    expect(parseHours('四')).toBeNull();
    const draft = newSessionDraft({ date: '', period: '上午' });
    draft.hours = '半天';
    expect(sessionIssues(draft, t).map((i) => i.field)).toEqual(['date', 'hours']);
    draft.date = '2026.3.2';
    draft.hours = '0';
    expect(sessionIssues(draft, t)).toEqual([{ field: 'hours', message: 'training.session.hoursPositive' }]);
    draft.hours = '4';
    expect(sessionInput(draft, 'c1')).toMatchObject({ courseId: 'c1', date: '2026.3.2', period: '上午', hours: 4, topic: null, startTime: '08:30' });
  });
});

describe('course form', () => {
  it('catches what the contract would word for any record, on the right field', () => {
    const draft = emptyCourseDraft();
    draft.name = '  ';
    draft.plannedHours = 'abc';
    draft.ledgers = [];
    expect(courseIssues(draft, t).map((i) => i.field)).toEqual(['name', 'startDate', 'endDate', 'plannedHours', 'ledgers']);
  });

  it('lets a one-day course follow its start date until an end date is typed', () => {
    const draft = emptyCourseDraft();
    draft.startDate = '2026-03-02';
    followEndDate(draft, '');
    expect(draft.endDate).toBe('2026-03-02');
    draft.startDate = '2026-03-05';
    followEndDate(draft, '2026-03-02');
    expect(draft.endDate).toBe('2026-03-05');
    draft.endDate = '2026-03-09';
    draft.startDate = '2026-03-06';
    followEndDate(draft, '2026-03-05');
    expect(draft.endDate).toBe('2026-03-09');
  });

  it('sends blanks as null and keeps id and rev for a stale-copy check', () => {
    const draft = emptyCourseDraft();
    Object.assign(draft, { name: ' 轮训班 ', startDate: '2026-03-02', endDate: '2026-03-03', plannedHours: '12', organizer: ' ' });
    const input = courseInput(draft, { id: 'x', rev: 3 });
    expect(input).toMatchObject({ id: 'x', rev: 3, name: '轮训班', organizer: null, plannedHours: 12, ledgers: ['党员教育培训', '干部教育培训'] });
    const back = courseDraftFrom({ ...input, id: 'x', rev: 3, kind: '专题培训班', fullTime: false, ledgers: ['党员教育培训'], originOffice: 'o', createdAt: '', updatedAt: '', deletedAt: null } as never);
    expect(back.plannedHours).toBe('12');
    expect(back.organizer).toBe('');
  });

  it('shows rates to one decimal', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0.9375)).toBe('93.8%');
    expect(percent(1)).toBe('100%');
  });
});
