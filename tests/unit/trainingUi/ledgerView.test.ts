import { describe, expect, it } from 'vitest';
import type { LedgerStanding } from '../../../src/shared/training';
import { coverageSeries, mainStanding, parseLedger, parseYear, percent, yearChoices } from '../../../src/ui/features/trainingLedger/ledgerView';
import { newRuleId } from '../../../src/ui/features/trainingLedger/rulesForm';

const standing = (ledger: LedgerStanding['ledger'], required: number, hours: number): LedgerStanding => ({
  ledger,
  ruleId: ledger,
  ruleName: `${ledger}要求`,
  hours,
  required,
  shortfall: Math.max(0, required - hours),
});

describe('ledger view helpers', () => {
  it('names the standing the row reports (largest shortfall)', () => {
    const standings = [standing('党员教育培训', 32, 40), standing('干部教育培训', 90, 24)];
    expect(mainStanding({ standings, required: 90, shortfall: 66 })?.ruleName).toBe('干部教育培训要求');
    expect(mainStanding({ standings: [], required: 0, shortfall: 0 })).toBeUndefined();
  });

  it('reads the year and ledger from the URL', () => {
    expect(parseYear('2025', 2026)).toBe(2025);
    expect(parseYear('20x5', 2026)).toBe(2026);
    expect(parseYear('1900', 2026)).toBe(2026);
    expect(parseYear(undefined, 2026)).toBe(2026);
    expect(parseLedger('干部教育培训')).toBe('干部教育培训');
    expect(parseLedger('别的')).toBeUndefined();
  });

  it('offers years from next year back to 2015, plus one asked for outside that', () => {
    const years = yearChoices(2026);
    expect(years[0]).toBe(2027);
    expect(years.at(-1)).toBe(2015);
    expect(yearChoices(2026, 2010).at(-1)).toBe(2010);
  });

  it('turns coverage into chart data in percent', () => {
    expect(percent(2 / 3)).toBe(66.7);
    expect(coverageSeries([{ unitId: 'a', unit: '东村', required: 3, met: 2, rate: 2 / 3 }])).toEqual({ units: ['东村'], rates: [66.7], counts: [{ met: 2, required: 3 }] });
  });

  it('gives added rules a free id the contract accepts', () => {
    expect(newRuleId([{ id: 'party-member' }])).toBe('rule-1');
    expect(newRuleId([{ id: 'rule-1' }, { id: 'rule-2' }])).toBe('rule-3');
    expect(newRuleId([])).toMatch(/^[a-z0-9-]{1,40}$/);
  });
});
