import { afterEach, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../../src/shared/activitiesContract';
import { recordActivity, seedBranch } from '../../helpers/activities';
import { countRows, openTempLedger, type TempLedger } from '../../helpers/ledger';

let ledger: TempLedger;
afterEach(() => ledger?.cleanup());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

describe('members from the roster', () => {
  it('counts 正式 and 预备党员 of the branch and its 党小组, but not 群众, people 调出 or deleted', () => {
    ledger = openTempLedger();
    const { branchId, groupIds, members } = seedBranch(ledger, { size: 6, full: 4 });
    const outsider = ledger.must('savePerson', { name: '群众甲', politicalStatus: '群众', partyOrgId: branchId, gender: '男' });
    ledger.must('savePerson', { id: members[5]!.id, status: '调出' });
    ledger.must('deletePerson', { id: members[4]!.id });
    const list = ledger.must('listPartyMembers', { partyOrgId: branchId });
    expect(list.members.map((m) => m.personId).sort()).toEqual(members.slice(0, 4).map((m) => m.id).sort());
    expect(list.members.some((m) => m.personId === outsider.id)).toBe(false);
    expect(list.groups.map((g) => [g.id, g.members])).toEqual([
      [groupIds[0], 2],
      [groupIds[1], 2],
    ]);
    const secretary = list.members.find((m) => m.personId === members[0]!.id)!;
    expect(secretary).toMatchObject({ memberType: '正式党员', voting: true, committeeRole: '书记', groupName: '第一党小组' });
    // A 党小组 has its own members only.
    expect(ledger.must('listPartyMembers', { partyOrgId: groupIds[1]! }).members).toHaveLength(2);
  });

  it('seats only members on the committee, not in a 党小组, once each', () => {
    ledger = openTempLedger();
    const { branchId, groupIds, members } = seedBranch(ledger, { size: 5, committee: false });
    const outsider = ledger.must('savePerson', { name: '群众乙', politicalStatus: '群众', gender: '女' });
    expect(ledger.refuse('saveCommitteeSeat', { partyOrgId: branchId, personId: outsider.id, role: '委员' }).message).toContain('群众乙不是「东村党支部」的党员，不能担任支委');
    expect(ledger.refuse('saveCommitteeSeat', { partyOrgId: groupIds[0]!, personId: members[0]!.id, role: '委员' }).message).toBe('党小组不设支部委员会，请在所属党支部登记支委');
    ledger.must('saveCommitteeSeat', { partyOrgId: branchId, personId: members[0]!.id, role: '书记' });
    expect(ledger.refuse('saveCommitteeSeat', { partyOrgId: branchId, personId: members[0]!.id, role: '委员' }).code).toBe('DUPLICATE');
    expect(ledger.refuse('saveCommitteeSeat', { partyOrgId: branchId, personId: members[1]!.id, role: '委员', startDate: '2026-05-01', endDate: '2026-01-01' }).message).toBe('离任时间早于任职时间');
    const seat = ledger.must('saveCommitteeSeat', { partyOrgId: branchId, personId: members[1]!.id, role: '组织委员', startDate: '2021-01', endDate: '2025-12-31' });
    // An ended seat is history, not the current committee.
    expect(ledger.must('listPartyMembers', { partyOrgId: branchId }).committee.map((s) => s.personId)).toEqual([members[0]!.id]);
    expect(ledger.must('deleteCommitteeSeat', { id: seat.id })).toHaveLength(1);
  });
});

describe('recording an activity', () => {
  it.each([
    [{ date: '2099-01-01' }, 'date', '晚于今天'],
    [{ date: '2026-02-30' }, 'date', '不是有效日期'],
    [{ types: [] }, 'types', '请至少选择一种活动类型'],
    [{ startTime: '10:00', endTime: '09:00' }, 'endTime', '结束时间 09:00 不晚于开始时间 10:00'],
  ] as const)('refuses %j with a Chinese message on %s, writing nothing', (fields, field, message) => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger);
    const error = ledger.refuse('saveActivity', { partyOrgId: branchId, types: ['主题党日'], topic: '主题党日', date: '2026-03-05', ...(fields as object) });
    expect(error.issues?.find((i) => i.field === field)?.message).toContain(message);
    expect(countRows(ledger.db, 'activities')).toBe(0);
    expect(countRows(ledger.db, 'activity_attendance')).toBe(0);
  });

  it('refuses a 支委会 in a branch without a committee and a 党小组会 in a branch without groups', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger, { committee: false });
    expect(ledger.refuse('saveActivity', { partyOrgId: branchId, types: ['支部委员会'], topic: '研究发展党员', date: '2026-03-05' }).message).toContain('未登记支部委员（支委），不能记录支委会');
    const bare = ledger.must('savePartyOrg', { name: '西村党支部', kind: '党支部' });
    expect(ledger.refuse('saveActivity', { partyOrgId: bare.id, types: ['党小组会'], topic: '学习', date: '2026-03-05' }).message).toContain('下没有党小组，不能记录党小组会');
  });

  it('refuses more votes than voting members, leaving nothing half-saved', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger, { size: 6, full: 4 });
    const error = ledger.refuse('saveActivity', {
      partyOrgId: branchId,
      types: ['支部党员大会'],
      topic: '接收预备党员',
      date: '2026-03-05',
      resolutions: [{ text: '同意接收', for: 4, against: 1, abstain: 0 }],
    });
    expect(error.message).toContain('表决票数合计 5，超过应到有表决权的党员 4 人');
    expect(countRows(ledger.db, 'activities')).toBe(0);
    expect(countRows(ledger.db, 'activity_types')).toBe(0);
    expect(countRows(ledger.db, 'activity_attendance')).toBe(0);
  });

  it('counts as several types at once, and a resolution passes with more than half of the voting members expected', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger, { size: 9, full: 7 });
    const a = recordActivity(ledger, {
      partyOrgId: branchId,
      types: ['主题党日', '支部党员大会', '党课'],
      lecturer: '王建国',
      resolutions: [
        { text: '甲', for: 4, against: 0, abstain: 0 },
        { text: '乙', for: 3, against: 1, abstain: 0 },
      ],
    });
    expect(a.types).toEqual(['支部党员大会', '党课', '主题党日']);
    expect(a.resolutions.map((r) => r.passed)).toEqual([true, false]);
    expect(ledger.must('listActivities', { type: '党课' }).map((x) => x.id)).toEqual([a.id]);
    expect(ledger.must('listActivities', { type: '支部委员会' })).toEqual([]);
  });

  it('takes a snapshot of 应到: the committee alone for a 支委会, the members as they were for older meetings', () => {
    ledger = openTempLedger();
    const { branchId, members } = seedBranch(ledger, { size: 6 });
    const committee = recordActivity(ledger, { partyOrgId: branchId, types: ['支部委员会'], topic: '支委会' });
    expect(committee.counts).toMatchObject({ expected: 3, committeeExpected: 3 });
    const meeting = recordActivity(ledger, { partyOrgId: branchId, types: ['支部党员大会'] });
    ledger.must('recordActivityAttendance', { activityId: meeting.id, entries: [{ personId: members[0]!.id, status: '出席' }] });
    // A member transferred out later still counts at the meeting they were expected at.
    ledger.must('savePerson', { id: members[5]!.id, status: '调出' });
    expect(ledger.must('getActivity', { id: meeting.id }).counts.expected).toBe(6);
    // Until attendance is recorded, 应到 follows corrections of organisation, types and date.
    expect(ledger.must('saveActivity', { id: committee.id, partyOrgId: branchId, types: ['支部委员会', '主题党日'], topic: '支委会', date: '2026-03-05' }).counts.expected).toBe(5);
  });

  it('adds the members a type corrected after attendance now expects, keeping the marks made', () => {
    ledger = openTempLedger();
    const { branchId, members } = seedBranch(ledger, { size: 6, full: 6 });
    const committee = recordActivity(ledger, { partyOrgId: branchId, types: ['支部委员会'], topic: '支委会' });
    ledger.must('recordActivityAttendance', { activityId: committee.id, entries: members.slice(0, 3).map((m) => ({ personId: m.id, status: '出席' as const })) });
    // It was also the quarter's 党员大会: 3 of 6 voting members is not more than half, whatever the committee did.
    const corrected = ledger.must('saveActivity', { id: committee.id, partyOrgId: branchId, types: ['支部委员会', '支部党员大会'], topic: '支委会', date: '2026-03-05' });
    expect(corrected.counts).toMatchObject({ expected: 6, expectedVoting: 6, present: 3, unrecorded: 3, committeeExpected: 3, committeePresent: 3 });
    expect(corrected.quorum.find((q) => q.rule === '支部党员大会')).toMatchObject({ met: false });
    expect(corrected.quorum.find((q) => q.rule === '支部委员会')).toMatchObject({ met: true });
  });

  it('refuses a stale edit; deletes softly and restores', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger);
    const a = recordActivity(ledger, { partyOrgId: branchId });
    ledger.must('saveActivity', { id: a.id, rev: 1, partyOrgId: branchId, types: ['主题党日'], topic: '改过', date: '2026-03-05' });
    expect(ledger.refuse('saveActivity', { id: a.id, rev: 1, partyOrgId: branchId, types: ['主题党日'], topic: '再改', date: '2026-03-05' }).code).toBe('CONFLICT');
    ledger.must('deleteActivity', { id: a.id });
    expect(ledger.must('listActivities', {})).toEqual([]);
    expect(ledger.must('listActivities', { deleted: 'deleted' })).toHaveLength(1);
    ledger.must('restoreActivity', { id: a.id });
    expect(ledger.must('listActivities', { partyOrgId: branchId }).map((x) => x.topic)).toEqual(['改过']);
  });
});

describe('attendance', () => {
  it('refuses a non-member and 请假 without a reason, all or nothing, naming each', () => {
    ledger = openTempLedger();
    const { branchId, members } = seedBranch(ledger, { size: 4 });
    const outsider = ledger.must('savePerson', { name: '县里来人', politicalStatus: '中共党员', gender: '男' });
    const a = recordActivity(ledger, { partyOrgId: branchId });
    const error = ledger.refuse('recordActivityAttendance', {
      activityId: a.id,
      entries: [
        { personId: members[0]!.id, status: '出席' },
        { personId: outsider.id, status: '出席' },
        { personId: members[1]!.id, status: '请假' },
      ],
    });
    expect(error.message).toContain('县里来人不是「东村党支部」的党员，不能登记出勤；如是列席人员，请登记在列席名单中');
    expect(error.message).toContain(`${members[1]!.name}请假，请填写请假原因`);
    expect(ledger.must('getActivity', { id: a.id }).counts.unrecorded).toBe(4);
  });

  it('adds a member who joined after the activity was recorded, and keeps observers apart', () => {
    ledger = openTempLedger();
    const { branchId, groupIds, members } = seedBranch(ledger, { size: 3, full: 3 });
    const a = recordActivity(ledger, { partyOrgId: branchId });
    const newcomer = ledger.must('savePerson', { name: '新党员', politicalStatus: '中共预备党员', partyOrgId: groupIds[0], gender: '女' });
    const att = ledger.must('recordActivityAttendance', {
      activityId: a.id,
      entries: [...members.map((m) => ({ personId: m.id, status: '出席' as const })), { personId: newcomer.id, status: '出席' }],
      observers: [{ name: '李组织委员', note: '镇党委' }],
    });
    expect(att.activity.counts).toMatchObject({ expected: 4, expectedVoting: 3, present: 4, presentVoting: 3, observers: 1 });
    expect(att.rows.find((r) => r.personId === newcomer.id)).toMatchObject({ memberType: '预备党员', voting: false });
    expect(att.observers).toEqual([{ name: '李组织委员', note: '镇党委' }]);
    // Clearing a mark makes it 未记录 again.
    const cleared = ledger.must('recordActivityAttendance', { activityId: a.id, entries: [{ personId: newcomer.id, status: null }] });
    expect(cleared.activity.counts.unrecorded).toBe(1);
    expect(cleared.observers).toHaveLength(1);
  });
});

describe('attachments', () => {
  const add = (activityId: string, fileName: string, data: Buffer, thumbnail?: Buffer) =>
    ledger.call('addAttachment', { activityId, fileName, dataBase64: data.toString('base64'), thumbnailBase64: thumbnail?.toString('base64') });

  it('keeps PNG and JPEG images with a thumbnail, refuses anything else by its bytes, and the same image twice', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger);
    const a = recordActivity(ledger, { partyOrgId: branchId });
    const png = add(a.id, 'C:\\照片\\合影.png', PNG, JPEG);
    expect(png.ok && png.data).toMatchObject({ fileName: '合影.png', mime: 'image/png', bytes: PNG.length });
    expect(png.ok && png.data.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    expect(add(a.id, '签到表.jpg', JPEG).ok).toBe(true);
    const renamed = add(a.id, '会议纪要.jpg', Buffer.from('这是一个文本文件'));
    expect(!renamed.ok && renamed.error.message).toContain('不是 JPG 或 PNG 图片');
    const twice = add(a.id, '合影2.png', PNG);
    expect(!twice.ok && twice.error.code).toBe('DUPLICATE');
    const meta = ledger.must('getActivity', { id: a.id }).attachments;
    expect(meta.map((m) => m.fileName)).toEqual(['合影.png', '签到表.jpg']);
    const back = ledger.must('getAttachment', { id: meta[0]!.id });
    expect(Buffer.from(back.dataBase64, 'base64').equals(PNG)).toBe(true);
    expect(ledger.must('deleteAttachment', { id: meta[0]!.id }).map((m) => m.fileName)).toEqual(['签到表.jpg']);
  });

  it('refuses an image over 10 MB with a message saying how large it is', () => {
    ledger = openTempLedger();
    const { branchId } = seedBranch(ledger);
    const a = recordActivity(ledger, { partyOrgId: branchId });
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
    PNG.copy(big);
    const result = add(a.id, '扫描件.png', big);
    expect(!result.ok && result.error.message).toContain('超过 10 MB 的上限');
    expect(countRows(ledger.db, 'attachments')).toBe(0);
  });
});
