import type { Input } from '../../src/shared/contract';
import type { Activity } from '../../src/shared/activities';
import { syntheticId, type TempLedger } from './ledger';

const NAMES = ['王建国', '李秀英', '张伟', '刘芳', '陈强', '杨静', '赵磊', '黄敏', '周军', '吴艳', '徐杰', '孙娟', '马涛', '朱明', '胡霞'];

export interface SeededBranch {
  branchId: string;
  groupIds: string[];
  /** Members in roster order of creation: the first `full` are 正式党员, the rest 预备党员. */
  members: { id: string; name: string; voting: boolean; groupId: string }[];
}

/**
 * A 党支部 under a 党委 with two 党小组 and `size` members spread over them, the first `full` of them 正式党员,
 * and the first three seated as 支委 (书记, 组织委员, 宣传委员) unless `committee` is false.
 */
export function seedBranch(ledger: TempLedger, options: { name?: string; size?: number; full?: number; committee?: boolean; seqBase?: number } = {}): SeededBranch {
  const { name = '东村党支部', size = 10, committee = true, seqBase = 100 } = options;
  const full = options.full ?? size - 2;
  const parent = ledger.must('listPartyOrgs', {}).find((o) => o.name === '青山镇党委') ?? ledger.must('savePartyOrg', { name: '青山镇党委', kind: '党委' });
  const branch = ledger.must('savePartyOrg', { name, kind: '党支部', parentId: parent.id });
  const groupIds = ['第一党小组', '第二党小组'].map((g) => ledger.must('savePartyOrg', { name: g, kind: '党小组', parentId: branch.id }).id);
  const members = Array.from({ length: size }, (_, i) => {
    const groupId = groupIds[i % 2]!;
    const person = ledger.must('savePerson', {
      name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? String.fromCharCode(0x4e00 + i) : ''}`,
      idNumber: syntheticId(`19${70 + (i % 25)}0${1 + (i % 9)}15`, String(seqBase + i).slice(-3)),
      politicalStatus: i < full ? '中共党员' : '中共预备党员',
      partyOrgId: groupId,
    });
    return { id: person.id, name: person.name, voting: i < full, groupId };
  });
  if (committee) {
    (['书记', '组织委员', '宣传委员'] as const).forEach((role, i) => ledger.must('saveCommitteeSeat', { partyOrgId: branch.id, personId: members[i]!.id, role, startDate: '2024-01-01' }));
  }
  return { branchId: branch.id, groupIds, members };
}

export function recordActivity(ledger: TempLedger, fields: Partial<Input<'saveActivity'>> & Pick<Input<'saveActivity'>, 'partyOrgId'>): Activity {
  return ledger.must('saveActivity', { types: ['主题党日'], topic: '重温入党誓词', date: '2026-03-05', ...fields });
}
