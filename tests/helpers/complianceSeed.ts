import type { TempLedger } from './ledger';
import { recordActivity, seedBranch, type SeededBranch } from './activities';

/**
 * A year of party life for the compliance tests (2025, judged on 2025-05-20): 东村党支部 (支委 seated, two 党小组)
 * held a 主题党日 in January (also the Q1 党员大会) and February, 支委会 in January and March, and one 党小组会
 * (第一党小组) in April; 西村党支部 has no 支委 and held nothing.
 *
 * Expected on 2025-05-20: 主题党日 done Jan–Feb, overdue Mar–Apr; 党员大会 Q1 done, Q2 open; 支委会 done Jan, Mar,
 * overdue Feb, Apr; 党小组会 overdue Jan–Apr (April has one of the two groups); 西村 needs no 支委会 (未设支委会).
 */
export const COMPLIANCE_YEAR = 2025;
export const COMPLIANCE_TODAY = '2025-05-20';

export function seedComplianceYear(ledger: TempLedger): { east: SeededBranch; west: SeededBranch } {
  ledger.must('setOffice', { name: '青山镇', code: '110101001' });
  const east = seedBranch(ledger, { name: '东村党支部', size: 10, full: 8 });
  const west = seedBranch(ledger, { name: '西村党支部', size: 4, full: 4, committee: false, seqBase: 300 });
  const org = east.branchId;
  recordActivity(ledger, { partyOrgId: org, types: ['主题党日', '支部党员大会'], topic: '重温入党誓词暨一季度党员大会', date: '2025-01-10' });
  recordActivity(ledger, { partyOrgId: org, types: ['主题党日'], topic: '学习党章', date: '2025-02-12' });
  recordActivity(ledger, { partyOrgId: org, types: ['支部委员会'], topic: '研究发展党员工作', date: '2025-01-15' });
  recordActivity(ledger, { partyOrgId: org, types: ['支部委员会'], topic: '研究春耕工作', date: '2025-03-20' });
  recordActivity(ledger, { partyOrgId: east.groupIds[0]!, types: ['党小组会'], topic: '谈心谈话', date: '2025-04-08' });
  return { east, west };
}
