import type { Input } from '../../../src/shared/contract';
import type { Person } from '../../../src/shared/person';
import { idCheckChar } from '../../../src/shared/validate/idNumber';
import { syntheticId, type TempLedger } from '../../helpers/ledger';

/** Real people saved through the API into a real temp SQLite file, with the hostile values exports must survive. */

export const TODAY = new Date(2026, 10, 22, 9, 30, 0);

/** An ID whose check character is X: Excel mangles these when typed as numbers. */
export function idEndingInX(birth: string): string {
  for (let seq = 1; seq < 1000; seq++) {
    const first17 = `110101${birth}${String(seq).padStart(3, '0')}`;
    if (idCheckChar(first17) === 'X') return first17 + 'X';
  }
  throw new Error('no X check character found');
}

export const HOSTILE = {
  hyperlink: '=HYPERLINK("http://x","点我")',
  plus: '+1',
  minus: '-2',
  at: '@SUM(A1)',
  tab: '\t=1+1',
  fullWidth: '＝1+1',
  quoted: '说了"好的", 然后\r\n换行',
};

export const PEOPLE: Input<'savePerson'>[] = [
  {
    name: '张三',
    idNumber: '110101198001010010',
    phone: '13800138000',
    unit: '红旗村',
    post: '村党组织书记',
    politicalStatus: '中共党员',
    partyJoinDate: '2005-07-01',
    education: '大学专科',
    ethnicity: '汉族',
    categories: ['村（社区）两委成员'],
    note: HOSTILE.hyperlink,
  },
  {
    name: '李四梅',
    idNumber: syntheticId('19850315', '002'),
    phone: '13900139000',
    unit: HOSTILE.plus,
    post: HOSTILE.minus,
    nativePlace: HOSTILE.at,
    ethnicity: '回族',
    categories: ['村（社区）两委成员', '致富带头人'],
    note: HOSTILE.quoted,
  },
  { name: '王五', idNumber: idEndingInX('19700101'), unit: '红星社区', post: HOSTILE.tab, note: HOSTILE.fullWidth, categories: ['驻村第一书记'], dispatchUnit: '县农业农村局' },
  { name: '赵六', gender: '男', birthDate: '1990-02', unit: '红旗村' },
];

export function seedOffice(ledger: TempLedger): void {
  ledger.must('setOffice', { name: '红旗镇', code: '110101001' });
}

export function seedPeople(ledger: TempLedger): Person[] {
  seedOffice(ledger);
  return PEOPLE.map((p) => ledger.must('savePerson', p));
}

/** Everyone the view would list, through the contract, in pages of 1000. */
export function listAll(ledger: TempLedger, category?: string): Person[] {
  const all: Person[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = ledger.must('listPeople', { category, offset, limit: 1000 });
    all.push(...page.items);
    if (page.items.length === 0 || all.length >= page.total) return all;
  }
}
