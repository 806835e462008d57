import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIdNumber, idCheckChar, isRealDate, maskIdNumber, normaliseIdNumber } from '../../../src/shared/validate/idNumber';
import { CJK } from '../../helpers/cjk';

/** A fixed "today" so nothing depends on the clock. */
const TODAY = new Date(2025, 5, 15);

const PROVINCES = [
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
];

function expectInvalid(raw: string, pattern: RegExp): void {
  const result = checkIdNumber(raw, TODAY);
  expect(result.ok, raw).toBe(false);
  if (!result.ok) {
    expect(result.message).toMatch(CJK);
    expect(result.message).toMatch(pattern);
  }
}

function expectValid(raw: string) {
  const result = checkIdNumber(raw, TODAY);
  if (!result.ok) throw new Error(`${raw} refused: ${result.message}`);
  return result.value;
}

describe('checkIdNumber: REFERENCE §4.1 synthetic numbers', () => {
  it.each([
    ['110101198001010010', '1980-01-01', '男'],
    ['110101198001010029', '1980-01-01', '女'],
    ['110101199003071233', '1990-03-07', '男'],
    ['110101200002290042', '2000-02-29', '女'],
  ] as const)('%s is valid, born %s, %s', (id, birthDate, gender) => {
    expect(expectValid(id)).toEqual({ idNumber: id, birthDate, gender });
  });

  it('computes the documented check characters, including remainder 10 → 2 and remainder 2 → X', () => {
    expect(idCheckChar('11010119800101001')).toBe('0');
    expect(idCheckChar('11010119800101002')).toBe('9');
    expect(idCheckChar('11010119900307123')).toBe('3');
    expect(idCheckChar('11010120000229004')).toBe('2');
    expect(idCheckChar('11010519491231002')).toBe('X');
  });

  it('refuses a bad checksum', () => {
    expectInvalid('110101198001010011', /校验位/);
  });

  it('refuses 30 February as a date, before looking at the checksum', () => {
    expectInvalid('110101198002300016', /出生日期“19800230”不是有效日期/);
  });

  it('normalises a lowercase x to X, which then fails the checksum', () => {
    expect(normaliseIdNumber('11010119800101001x')).toBe('11010119800101001X');
    expectInvalid('11010119800101001x', /校验位/);
  });

  it('refuses 29 February in a year that is not a leap year', () => {
    const first17 = '11010119990229004';
    expectInvalid(first17 + idCheckChar(first17), /不是有效日期/);
  });
});

describe('checkIdNumber: the standard’s worked examples', () => {
  it('11010519491231002X validates (upper- or lower-case X) as a woman born 1949-12-31', () => {
    expect(expectValid('11010519491231002X')).toEqual({ idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: '女' });
    expect(expectValid('11010519491231002x').idNumber).toBe('11010519491231002X');
  });

  it('440524188001010014 has a correct checksum, but a birth year before 1900 is refused as implausible', () => {
    expect(idCheckChar('44052418800101001')).toBe('4');
    expectInvalid('440524188001010014', /1900/);
  });
});

describe('checkIdNumber: refusals', () => {
  it('refuses an empty number', () => {
    expectInvalid('', /不能为空/);
    expectInvalid('   ', /不能为空/);
  });

  it('refuses a 15-digit legacy number with a message saying so', () => {
    expectInvalid('110101800101001', /15位/);
    expectInvalid('110101 800101 001', /15位旧身份证号/);
  });

  it.each([
    ['11010119800101001', 17],
    ['1101011980010100100', 19],
    ['1101011980', 10],
  ])('refuses %s as the wrong length', (id, length) => {
    expectInvalid(id, new RegExp(`应为18位，当前为${length}位`));
  });

  it('refuses letters other than a final X', () => {
    expectInvalid('11010119800101001A', /17位数字/);
    expectInvalid('X10101198001010010', /17位数字/);
    expectInvalid('1101011980010100X0', /17位数字/);
  });

  it.each(['00', '10', '16', '20', '39', '47', '55', '60', '66', '72', '80', '84', '91', '99'])('refuses the province prefix %s', (prefix) => {
    const first17 = `${prefix}010119800101001`;
    expectInvalid(first17 + idCheckChar(first17), new RegExp(`前两位“${prefix}”`));
  });

  it.each(PROVINCES)('accepts the province prefix %s', (prefix) => {
    const first17 = `${prefix}010119800101001`;
    expect(checkIdNumber(first17 + idCheckChar(first17), TODAY).ok).toBe(true);
  });

  it('refuses a birth date after today, and accepts one on today', () => {
    const tomorrow = '11010120250616001';
    expectInvalid(tomorrow + idCheckChar(tomorrow), /晚于今天/);
    const today = '11010120250615001';
    expect(expectValid(today + idCheckChar(today)).birthDate).toBe('2025-06-15');
    // The same number becomes valid once "today" has passed its date.
    expect(checkIdNumber(tomorrow + idCheckChar(tomorrow), new Date(2025, 5, 16)).ok).toBe(true);
  });

  it('refuses impossible months and days', () => {
    for (const date of ['19801301', '19800001', '19800100', '19800132', '19800431']) {
      const first17 = `110101${date}001`;
      expectInvalid(first17 + idCheckChar(first17), /不是有效日期/);
    }
  });
});

describe('checkIdNumber: normalisation', () => {
  it.each([
    '110101 19800101 0010',
    '110101-19800101-0010',
    ' 110101198001010010 ',
    '110101\u300019800101\u30000010',
    '110101\t19800101\n0010',
    '110 101-198 001-010 010',
  ])('strips spaces and hyphens from %j', (raw) => {
    expect(expectValid(raw).idNumber).toBe('110101198001010010');
  });
});

describe('maskIdNumber', () => {
  it('keeps the region and the last four characters of an 18-character number', () => {
    expect(maskIdNumber('110101198001010010')).toBe('110101********0010');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('hides all but the last four of anything else, and leaves very short text alone', () => {
    expect(maskIdNumber('110101800101001')).toBe('***********1001');
    expect(maskIdNumber('1234')).toBe('1234');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('isRealDate', () => {
  it('knows leap years', () => {
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2023, 2, 29)).toBe(false);
    expect(isRealDate(2023, 4, 31)).toBe(false);
    expect(isRealDate(2023, 12, 31)).toBe(true);
    expect(isRealDate(2023, 0, 1)).toBe(false);
  });
});

describe('checkIdNumber: properties', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  /** 17 digits: a valid province prefix, any 4 digits, a real date between 1900 and yesterday, any sequence. */
  const first17 = fc
    .record({
      province: fc.constantFrom(...PROVINCES),
      rest: fc.integer({ min: 0, max: 9999 }),
      birth: fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2025, 5, 14)), noInvalidDate: true }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ province, rest, birth, seq }) => {
      const ymd = `${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}`;
      return `${province}${pad(rest, 4)}${ymd}${pad(seq, 3)}`;
    });

  it('appending idCheckChar to any valid 17 digits gives an accepted number with the right birth date and gender', () => {
    fc.assert(
      fc.property(first17, (digits) => {
        const result = checkIdNumber(digits + idCheckChar(digits), TODAY);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.value.birthDate).toBe(`${digits.slice(6, 10)}-${digits.slice(10, 12)}-${digits.slice(12, 14)}`);
          expect(result.value.gender).toBe(Number(digits[16]) % 2 === 1 ? '男' : '女');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('changing any single character of a valid number makes it invalid, and the checksum alone catches it', () => {
    fc.assert(
      fc.property(first17, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (digits, position, shift) => {
        const valid = digits + idCheckChar(digits);
        let mutated: string;
        if (position < 17) {
          if (shift === 10) return; // digits have only 9 alternatives
          const replaced = String((Number(valid[position]) + shift) % 10);
          mutated = valid.slice(0, position) + replaced + valid.slice(position + 1);
          // MOD 11-2: every weight is non-zero mod 11, so any one-digit change moves the check character.
          expect(idCheckChar(mutated.slice(0, 17))).not.toBe(valid[17]);
        } else {
          const alphabet = '0123456789X';
          mutated = valid.slice(0, 17) + alphabet[(alphabet.indexOf(valid[17]!) + shift) % 11]!;
        }
        expect(mutated).not.toBe(valid);
        expect(checkIdNumber(mutated, TODAY).ok).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('every number checkIdNumber accepts round-trips through its own normalisation', () => {
    fc.assert(
      fc.property(first17, fc.constantFrom('', ' ', '-', '\u3000'), (digits, sep) => {
        const id = digits + idCheckChar(digits);
        const typed = `${id.slice(0, 6)}${sep}${id.slice(6, 14)}${sep}${id.slice(14).toLowerCase()}`;
        const result = checkIdNumber(typed, TODAY);
        expect(result.ok && result.value.idNumber).toBe(id);
      }),
    );
  });
});
