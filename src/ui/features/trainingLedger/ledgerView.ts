import { TRAINING_LEDGERS, type LedgerRow, type LedgerStanding, type TrainingLedger, type UnitCoverage } from '../../../shared/training';

/** The standing a ledger row's hours/required/shortfall come from (the largest shortfall), or undefined. */
export function mainStanding(row: Pick<LedgerRow, 'standings' | 'required' | 'shortfall'>): LedgerStanding | undefined {
  return row.standings.find((s) => s.required === row.required && s.shortfall === row.shortfall) ?? row.standings[0];
}

/** A ledger name from the URL or a select; anything else means both ledgers. */
export function parseLedger(raw: unknown): TrainingLedger | undefined {
  return TRAINING_LEDGERS.find((l) => l === raw);
}

/** Years offered in the selector: this year back to 2015, plus the one asked for if outside. */
export function yearChoices(current: number, asked?: number): number[] {
  const years = Array.from({ length: current - 2015 + 2 }, (_, i) => current + 1 - i);
  if (asked !== undefined && !years.includes(asked)) years.push(asked);
  return years.sort((a, b) => b - a);
}

/** A year from the URL, else the current one. */
export function parseYear(raw: unknown, fallback: number): number {
  const n = typeof raw === 'string' && /^\d{4}$/.test(raw) ? Number(raw) : NaN;
  return n >= 1949 && n <= 2200 ? n : fallback;
}

/** Percent with at most one decimal: 0.6667 → 66.7. */
export function percent(rate: number): number {
  return Math.round(rate * 1000) / 10;
}

/** The bar chart's data: units in roster order, rate in percent. */
export function coverageSeries(coverage: readonly UnitCoverage[]): { units: string[]; rates: number[]; counts: { met: number; required: number }[] } {
  return {
    units: coverage.map((c) => c.unit),
    rates: coverage.map((c) => percent(c.rate)),
    counts: coverage.map((c) => ({ met: c.met, required: c.required })),
  };
}
