import type { Database } from 'better-sqlite3';
import type { activitiesContract } from '../../shared/activitiesContract';
import type { LedgerHandlers } from '../../shared/contract';
import { fail, ok } from '../../shared/result';
import { deleteActivity, findActivity, listActivities, restoreActivity, saveActivity } from './activities';
import { addAttachment, deleteAttachment, getAttachment } from './attachments';
import { getActivityAttendance, recordActivityAttendance } from './attendance';
import { complianceReport, getComplianceRules, saveComplianceRules } from './compliance';
import { exportCompliance } from './exportCompliance';
import { deleteCommitteeSeat, listPartyMembers, saveCommitteeSeat } from './members';

type ActivityHandlers = Pick<LedgerHandlers, keyof typeof activitiesContract>;

/** The party organisational life part of createLedgerApi (issue 5). */
export function activityHandlers(db: Database): ActivityHandlers {
  return {
    listPartyMembers: ({ partyOrgId }) => listPartyMembers(db, partyOrgId),
    saveCommitteeSeat: (input) => saveCommitteeSeat(db, input),
    deleteCommitteeSeat: ({ id }) => deleteCommitteeSeat(db, id),
    listActivities: (input) => ok(listActivities(db, input)),
    getActivity: ({ id }) => {
      const activity = findActivity(db, id);
      return activity ? ok(activity) : fail('NOT_FOUND', '找不到该活动记录');
    },
    saveActivity: (input) => saveActivity(db, input),
    deleteActivity: ({ id }) => deleteActivity(db, id),
    restoreActivity: ({ id }) => restoreActivity(db, id),
    getActivityAttendance: ({ activityId }) => getActivityAttendance(db, activityId),
    recordActivityAttendance: (input) => recordActivityAttendance(db, input),
    addAttachment: (input) => addAttachment(db, input),
    getAttachment: ({ id }) => getAttachment(db, id),
    deleteAttachment: ({ id }) => deleteAttachment(db, id),
    getComplianceRules: () => ok(getComplianceRules(db)),
    saveComplianceRules: (input) => saveComplianceRules(db, input),
    complianceReport: (input) => ok(complianceReport(db, input)),
    exportCompliance: (input) => exportCompliance(db, input),
  };
}
