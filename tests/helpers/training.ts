import type { Input } from '../../src/shared/contract';
import type { Course, CourseSession } from '../../src/shared/training';
import { syntheticId, type TempLedger } from './ledger';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟'];

export interface SeededPerson {
  id: string;
  name: string;
  unitId: string;
}

/**
 * A township with `villages` villages under it and `perVillage` people in each: party members, every third a
 * 两委 member, the first of each village a 乡镇公务员 as well. Names are unique (王伟1 is avoided: real names).
 */
export function seedTownship(ledger: TempLedger, villages = 2, perVillage = 20): { townId: string; villageIds: string[]; people: SeededPerson[] } {
  const town = ledger.must('saveUnit', { name: '青山镇', kind: '乡镇' });
  const villageIds: string[] = [];
  const people: SeededPerson[] = [];
  let n = 0;
  for (let v = 0; v < villages; v++) {
    const village = ledger.must('saveUnit', { name: `${['东', '西', '南', '北', '中'][v % 5]}${v >= 5 ? v : ''}村`, kind: '村', parentId: town.id });
    villageIds.push(village.id);
    for (let i = 0; i < perVillage; i++, n++) {
      const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}${n >= 150 ? GIVEN[(n * 7) % GIVEN.length] : ''}`;
      const categories = [i % 3 === 0 ? '村（社区）两委成员' : null, i === 0 ? '乡镇公务员' : null].filter((c): c is string => c !== null);
      const person = ledger.must('savePerson', {
        name,
        idNumber: syntheticId(`19${70 + (n % 25)}0${1 + (n % 9)}1${n % 10}`, String(100 + n).slice(-3)),
        politicalStatus: i % 4 === 3 ? '群众' : '中共党员',
        phone: `139${String(10_000_000 + n).slice(-8)}`,
        unitId: village.id,
        unit: village.name,
        post: i % 3 === 0 ? '村委委员' : null,
        categories,
      });
      people.push({ id: person.id, name: person.name, unitId: village.id });
    }
  }
  return { townId: town.id, villageIds, people };
}

export function makeCourse(ledger: TempLedger, overrides: Partial<Input<'saveCourse'>> = {}): Course {
  return ledger.must('saveCourse', {
    name: '2026年村党组织书记集中轮训班',
    kind: '集中轮训',
    organizer: '中共青山镇委员会',
    location: '镇党校',
    startDate: '2026-03-02',
    endDate: '2026-03-04',
    ...overrides,
  });
}

export function addSession(ledger: TempLedger, courseId: string, date: string, period: '上午' | '下午' | '晚上' | '全天', hours: number, extra: Partial<Input<'saveSession'>> = {}): CourseSession {
  return ledger.must('saveSession', { courseId, date, period, hours, ...extra });
}
