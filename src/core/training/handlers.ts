import type { Database } from 'better-sqlite3';
import type { LedgerHandlers } from '../../shared/contract';
import { ok } from '../../shared/result';
import type { trainingContract } from '../../shared/trainingContract';
import type { trainingExcelContract } from '../../shared/trainingExcel';
import { getSessionAttendance, recordAttendance } from './attendance';
import { deleteCourse, getCourse, listCourses, restoreCourse, saveCourse } from './courses';
import { enrol, listEnrolments, orderEnrolments, previewEnrolment, saveEnrolmentResult, unenrol } from './enrolments';
import { trainingCoverage, trainingLedger } from './ledger';
import { getTrainingRules, saveTrainingRules } from './rules';
import { deleteSession, saveSession } from './sessions';

/** The Excel methods need the staging area: trainingExcelHandlers (excel/handlers.ts) answers them. */
type TrainingHandlers = Pick<LedgerHandlers, Exclude<keyof typeof trainingContract, keyof typeof trainingExcelContract>>;

/** The training part of createLedgerApi (issue 4). */
export function trainingHandlers(db: Database): TrainingHandlers {
  return {
    listCourses: (input) => ok(listCourses(db, input)),
    getCourse: ({ id }) => getCourse(db, id),
    saveCourse: (input) => saveCourse(db, input),
    deleteCourse: ({ id }) => deleteCourse(db, id),
    restoreCourse: ({ id }) => restoreCourse(db, id),
    saveSession: (input) => saveSession(db, input),
    deleteSession: ({ id }) => deleteSession(db, id),
    listEnrolments: ({ courseId }) => ok(listEnrolments(db, courseId)),
    previewEnrolment: (input) => previewEnrolment(db, input),
    enrol: (input) => enrol(db, input),
    unenrol: ({ courseId, personId }) => unenrol(db, courseId, personId),
    orderEnrolments: (input) => orderEnrolments(db, input),
    saveEnrolmentResult: (input) => saveEnrolmentResult(db, input),
    getSessionAttendance: ({ sessionId }) => getSessionAttendance(db, sessionId),
    recordAttendance: (input) => recordAttendance(db, input),
    getTrainingRules: () => ok(getTrainingRules(db)),
    saveTrainingRules: (input) => saveTrainingRules(db, input),
    trainingLedger: (input) => ok(trainingLedger(db, input)),
    trainingCoverage: (input) => ok(trainingCoverage(db, input)),
  };
}
