import { afterEach, expect, it } from 'vitest';
import { openTempLedger, syntheticId, type TempLedger } from '../../helpers/ledger';
import { addSession, makeCourse } from '../../helpers/training';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

const hours = (personId: string) => ledger.must('trainingLedger', { year: 2026, limit: 1000 }).items.find((r) => r.personId === personId)?.hours ?? 0;

it('a ledger read inside a transaction that is later rolled back does not leave the rolled-back hours cached', () => {
  ledger = openTempLedger();
  const p = ledger.must('savePerson', { name: '张三', idNumber: syntheticId('19800101', '101'), politicalStatus: '中共党员' });
  const course = makeCourse(ledger, { startDate: '2026-03-02', endDate: '2026-03-02' });
  ledger.must('enrol', { courseId: course.id, personIds: [p.id] });
  const session = addSession(ledger, course.id, '2026-03-02', '上午', 4);
  expect(hours(p.id)).toBe(0);
  expect(() =>
    ledger.db.transaction(() => {
      ledger.must('recordAttendance', { sessionId: session.id, entries: [{ personId: p.id, status: '出席' }] });
      expect(hours(p.id)).toBe(4); // visible at once inside the transaction
      throw new Error('rolled back');
    })(),
  ).toThrow('rolled back');
  // total_changes() kept the rolled-back writes; the cache must not answer with them.
  expect(hours(p.id)).toBe(0);
});
