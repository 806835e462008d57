import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, reactive, ref } from 'vue';
import {
  DRAFT_MAX_AGE_MS,
  clearDraft,
  draftClock,
  readDraft,
  shapedLike,
  sweepDrafts,
  useFormDraft,
  writeDraft,
  type DraftVersion,
} from '../../../src/ui/composables/useFormDraft';
import { emptyActivityDraft } from '../../../src/ui/features/activities/activityForm';
import { clearStoredForm, readStoredForm, writeStoredForm } from '../../../src/ui/features/activities/formDraftStore';
import { isPasteDraft, pasteDraftOf, samePasteDraft } from '../../../src/ui/features/paste/pasteDraft';
import { readStoredDraft, writeStoredDraft } from '../../../src/ui/features/training/draftStore';

/** The renderer's localStorage, as far as drafts use it. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  full = false;
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
}

let storage: MemoryStorage;
const g = globalThis as { localStorage?: Storage; window?: EventTarget };

beforeEach(() => {
  storage = new MemoryStorage();
  g.localStorage = storage;
  g.window = new EventTarget();
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  delete g.localStorage;
  delete g.window;
});

interface Form {
  name: string;
  phone: string;
  unitId: string | null;
  tags: string[];
}
const emptyForm = (): Form => ({ name: '', phone: '', unitId: null, tags: [] });
const isForm = shapedLike(emptyForm());

/** A form as a dialog holds it: opened on a record (or "new"), typed into, closed. */
function mountForm(record: { id: string; rev: number; form: Form } | null = null) {
  const state = reactive({ open: false, record });
  const form = reactive<Form>(emptyForm());
  const scope = effectScope();
  const kept = scope.run(() =>
    useFormDraft<Form>({
      kind: 'person',
      key: () => (state.open ? (state.record?.id ?? 'new') : null),
      value: () => form,
      pristine: () => (state.record ? { ...state.record.form } : emptyForm()),
      version: (): DraftVersion => state.record?.rev ?? null,
      valid: isForm,
    }),
  )!;
  return {
    form,
    kept,
    state,
    async open() {
      state.open = true;
      Object.assign(form, state.record ? { ...state.record.form, tags: [...state.record.form.tags] } : emptyForm());
      kept.open();
      await nextTick();
    },
    async close() {
      state.open = false;
      await nextTick();
    },
    stop: () => scope.stop(),
  };
}

const stored = (key: string) => readDraft('person', key, { valid: isForm });

describe('draft storage', () => {
  it('keeps a draft per kind and key, with its time and the version it was typed over', () => {
    writeDraft('person', 'p1', { ...emptyForm(), name: '张三' }, 4, 1_000);
    writeDraft('unit', 'p1', { other: true }, null, 2_000);
    expect(stored('p1')).toEqual({ data: { ...emptyForm(), name: '张三' }, version: 4, savedAt: 1_000 });
    expect(stored('p2')).toBeNull();
    clearDraft('person', 'p1');
    expect(stored('p1')).toBeNull();
    expect(readDraft('unit', 'p1', { valid: (d): d is object => typeof d === 'object' })?.savedAt).toBe(2_000);
  });

  it('does not offer damaged or foreign data, and full storage throws nothing', () => {
    storage.setItem('ledger.drafts.person.a', '{not json');
    storage.setItem('ledger.drafts.person.b', JSON.stringify({ v: 1, savedAt: 1, version: null, data: { name: 3 } }));
    expect(stored('a')).toBeNull();
    expect(stored('b')).toBeNull();
    storage.full = true;
    expect(() => writeDraft('person', 'c', emptyForm(), null)).not.toThrow();
    expect(stored('c')).toBeNull();
  });

  it('reads activity and attendance drafts kept before drafts were shared, and keeps their API', () => {
    const old = { ...emptyActivityDraft('org1'), topic: '主题党日' };
    storage.setItem('ledger.activities.formDraft.a1', JSON.stringify({ draft: old, rev: 3 }));
    expect(readStoredForm('a1')).toEqual({ draft: old, rev: 3 });
    writeStoredForm('a1', { draft: { ...old, topic: '新主题' }, rev: 5 });
    expect(readStoredForm('a1')).toEqual({ draft: { ...old, topic: '新主题' }, rev: 5 });
    expect(JSON.parse(storage.getItem('ledger.activities.formDraft.a1')!)).toMatchObject({ v: 1, version: 5 });
    clearStoredForm('a1');
    expect(readStoredForm('a1')).toBeNull();

    storage.setItem('ledger.training.attendanceDraft.s1', JSON.stringify([{ personId: 'p1', status: '出席' }, { personId: 'p2', status: '乱写' }]));
    expect(readStoredDraft('s1')).toEqual([{ personId: 'p1', status: '出席' }]);
    writeStoredDraft('s1', [{ personId: 'p3', status: '请假', reason: '病假' }]);
    expect(readStoredDraft('s1')).toEqual([{ personId: 'p3', status: '请假', reason: '病假' }]);
  });
});

describe('sweeping old drafts on start', () => {
  it('deletes drafts older than 30 days and unreadable ones, stamps old-shape ones, leaves other storage alone', () => {
    const now = Date.UTC(2026, 5, 1);
    writeDraft('person', 'old', emptyForm(), 1, now - DRAFT_MAX_AGE_MS - 1);
    writeDraft('paste', 'grid', { columns: [], rows: [['x']] }, null, now - DRAFT_MAX_AGE_MS + 60_000);
    storage.setItem('ledger.drafts.unit.bad', '{');
    storage.setItem('ledger.training.attendanceDraft.s1', JSON.stringify([{ personId: 'p1', status: '出席' }]));
    storage.setItem('ledger.roster.columns', 'not a draft');

    expect(sweepDrafts(now)).toBe(2);
    expect(storage.keys().sort()).toEqual(['ledger.drafts.paste.grid', 'ledger.roster.columns', 'ledger.training.attendanceDraft.s1']);
    // The old-shape attendance list is still read, and now expires like the rest.
    expect(readStoredDraft('s1')).toEqual([{ personId: 'p1', status: '出席' }]);
    expect(sweepDrafts(now + DRAFT_MAX_AGE_MS + 1)).toBe(2);
    expect(storage.keys()).toEqual(['ledger.roster.columns']);
  });
});

describe('useFormDraft', () => {
  it('writes while typing, debounced, and removes the draft when the form is back to the record', async () => {
    const f = mountForm();
    await f.open();
    f.form.name = '张';
    await nextTick();
    f.form.name = '张三';
    await nextTick();
    vi.advanceTimersByTime(299);
    expect(stored('new')).toBeNull();
    vi.advanceTimersByTime(1);
    expect(stored('new')?.data).toEqual({ ...emptyForm(), name: '张三' });
    expect(stored('new')?.version).toBeNull();
    f.form.name = '';
    await nextTick();
    vi.advanceTimersByTime(300);
    expect(stored('new')).toBeNull();
    f.stop();
  });

  it('writes at once when the form is closed (X, Esc) or the page is left, and keeps the draft', async () => {
    const f = mountForm();
    await f.open();
    f.form.phone = '13800138000';
    await nextTick();
    await f.close();
    expect(stored('new')?.data.phone).toBe('13800138000');

    await f.open();
    expect(f.kept.offer.value?.data.phone).toBe('13800138000');
    f.kept.discard();
    f.form.name = '李四';
    await nextTick();
    g.window!.dispatchEvent(new Event('pagehide'));
    expect(stored('new')?.data.name).toBe('李四');
    f.stop();
  });

  it('offers a kept draft that differs from the record; unanswered, it survives closing and typing', async () => {
    const record = { id: 'p1', rev: 2, form: { ...emptyForm(), name: '王五', phone: '13900000000' } };
    writeDraft('person', 'p1', { ...record.form, phone: '13911112222' }, 2, Date.UTC(2026, 0, 1, 9, 5));
    const f = mountForm(record);
    await f.open();
    expect(f.kept.offer.value).toMatchObject({ stale: false, version: 2, data: { phone: '13911112222' } });
    // The form still shows the record; typing before answering does not overwrite the kept draft.
    expect(f.form.phone).toBe('13900000000');
    f.form.name = '王五五';
    await nextTick();
    vi.advanceTimersByTime(1_000);
    await f.close();
    expect(stored('p1')?.data.phone).toBe('13911112222');

    await f.open();
    const data = f.kept.restore();
    expect(data?.phone).toBe('13911112222');
    expect(f.kept.offer.value).toBeNull();
    Object.assign(f.form, data);
    f.form.tags.push('村干部');
    await nextTick();
    vi.advanceTimersByTime(300);
    expect(stored('p1')?.data).toEqual({ ...record.form, phone: '13911112222', tags: ['村干部'] });
    f.stop();
  });

  it('says when the record was saved again after the draft was begun', async () => {
    const record = { id: 'p1', rev: 5, form: { ...emptyForm(), name: '王五' } };
    writeDraft('person', 'p1', { ...record.form, name: '王五（改）' }, 3);
    const f = mountForm(record);
    await f.open();
    expect(f.kept.offer.value?.stale).toBe(true);
    f.stop();
  });

  it('does not offer a draft equal to the record, and drops it', async () => {
    const record = { id: 'p1', rev: 1, form: { ...emptyForm(), name: '赵六' } };
    writeDraft('person', 'p1', { ...record.form }, 1);
    const f = mountForm(record);
    await f.open();
    expect(f.kept.offer.value).toBeNull();
    expect(stored('p1')).toBeNull();
    f.stop();
  });

  it('removes the draft on 放弃 and on a successful save, including a write still waiting', async () => {
    writeDraft('person', 'new', { ...emptyForm(), name: '孙七' }, null);
    const f = mountForm();
    await f.open();
    expect(f.kept.offer.value).not.toBeNull();
    f.kept.discard();
    expect(stored('new')).toBeNull();
    expect(f.kept.offer.value).toBeNull();

    f.form.name = '周八';
    await nextTick();
    f.kept.saved();
    vi.advanceTimersByTime(1_000);
    await f.close();
    expect(stored('new')).toBeNull();
    f.stop();
  });

  it('keeps a waiting write under the record it was typed for when the form switches records', async () => {
    const f = mountForm({ id: 'p1', rev: 1, form: { ...emptyForm(), name: '甲' } });
    await f.open();
    f.form.name = '甲（改）';
    await nextTick();
    // The dialog is given another person and refilled before the debounce ends.
    f.state.record = { id: 'p2', rev: 1, form: { ...emptyForm(), name: '乙' } };
    await f.open();
    vi.advanceTimersByTime(1_000);
    expect(stored('p1')?.data.name).toBe('甲（改）');
    expect(stored('p2')).toBeNull();
    f.stop();
  });

  it('writes what is waiting when its scope ends (the page is left)', async () => {
    const value = ref('');
    const scope = effectScope();
    scope.run(() =>
      useFormDraft<string>({ kind: 'paste', key: () => 'grid', value: () => value.value, pristine: () => '', version: () => null, valid: (d): d is string => typeof d === 'string' }),
    );
    value.value = 'x';
    await nextTick();
    scope.stop();
    expect(readDraft('paste', 'grid', { valid: (d): d is string => typeof d === 'string' })?.data).toBe('x');
  });
});

describe('draft helpers', () => {
  it('shows the time as HH:mm today and with the date otherwise', () => {
    const at = new Date(2026, 2, 5, 8, 7).getTime();
    expect(draftClock(at, new Date(2026, 2, 5, 23, 0).getTime())).toEqual({ hm: '08:07', month: 3, day: 5, today: true });
    expect(draftClock(at, new Date(2026, 2, 6, 0, 1).getTime()).today).toBe(false);
  });

  it('checks that a stored form has the fields of the form', () => {
    expect(isForm({ name: 'a', phone: '', unitId: 'u1', tags: [] })).toBe(true);
    expect(isForm({ name: 'a', phone: '', unitId: null, tags: 'x' })).toBe(false);
    expect(isForm({ name: 'a', phone: '' })).toBe(false);
    expect(isForm(null)).toBe(false);
  });

  it('keeps of the paste grid its columns and the rows not yet saved', () => {
    const row = (key: number, status: 'new' | 'saved' | 'failed', cells: string[]) => ({ key, cells, status, serverIssues: [], serverMessage: null });
    const draft = pasteDraftOf(['name', null, 'phone'], [row(1, 'saved', ['甲', '', '']), row(2, 'failed', ['乙', '', '1']), row(3, 'new', ['丙', '', ''])]);
    expect(draft).toEqual({ columns: ['name', null, 'phone'], rows: [['乙', '', '1'], ['丙', '', '']] });
    expect(isPasteDraft(draft)).toBe(true);
    expect(isPasteDraft({ columns: ['shoeSize'], rows: [] })).toBe(false);
    expect(samePasteDraft({ columns: ['name'], rows: [] }, { columns: [], rows: [] })).toBe(true);
    expect(samePasteDraft(draft, { columns: [], rows: [] })).toBe(false);
  });
});
