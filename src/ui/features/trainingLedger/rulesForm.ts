import type { TrainingRule } from '../../../shared/training';

/** An id for a rule the clerk adds (the contract wants [a-z0-9-]): rule-1, rule-2, … the first not taken. */
export function newRuleId(rules: readonly Pick<TrainingRule, 'id'>[]): string {
  const taken = new Set(rules.map((r) => r.id));
  for (let n = 1; ; n++) if (!taken.has(`rule-${n}`)) return `rule-${n}`;
}
