import type { Database } from 'better-sqlite3';
import { fail, ok, type Result } from '../../shared/result';
import { DEFAULT_TRAINING_RULES, type TrainingRule, type TrainingRules } from '../../shared/training';
import { readSetting, writeSetting } from '../settings/settingsRepo';

const KEY = 'training.rules';

/** The office's 学时 rules: the national defaults (REFERENCE §2.2) until the clerk changes them. */
export function getTrainingRules(db: Database): TrainingRules {
  return readSetting<TrainingRules>(db, KEY) ?? structuredClone(DEFAULT_TRAINING_RULES);
}

export function saveTrainingRules(db: Database, rules: TrainingRules): Result<TrainingRules> {
  const ids = new Set(rules.rules.map((r) => r.id));
  if (ids.size !== rules.rules.length) return fail('VALIDATION', '学时规则的编号重复');
  const names = new Set(rules.rules.map((r) => r.name));
  if (names.size !== rules.rules.length) return fail('VALIDATION', '学时规则的名称重复');
  writeSetting(db, KEY, rules);
  return ok(rules);
}

/** The 学时 a rule asks for: "90 学时 or 12 days" is met by whichever is fewer hours at the day factor. */
export function requiredHours(rule: TrainingRule, dayFactor: number): number {
  return rule.days === null ? rule.hours : Math.min(rule.hours, rule.days * dayFactor);
}
