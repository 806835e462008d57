import { contextBridge, ipcRenderer } from 'electron';
import type { Input, LedgerApi, Method, Output } from '../../src/shared/contract';
import { ipcChannel, SHELL_CHANNELS } from '../../src/shared/ipc';
import type { Result } from '../../src/shared/result';
import type { ShellApi } from '../../src/shared/shell';

/**
 * The renderer's only door to the main process: one method per contract entry, each forwarding its input
 * and nothing else. No ipcRenderer, no event objects, no other values cross the context bridge.
 * Imports are type-only except 'electron' and the zod-free channel helper, so this bundles as small CJS.
 */
function invoke<M extends Method>(method: M): (input: Input<M>) => Promise<Result<Output<M>>> {
  const channel = ipcChannel(method);
  return (input) => ipcRenderer.invoke(channel, input) as Promise<Result<Output<M>>>;
}

const bridge = {
  getOffice: invoke('getOffice'),
  setOffice: invoke('setOffice'),
  listPeople: invoke('listPeople'),
  getPerson: invoke('getPerson'),
  savePerson: invoke('savePerson'),
  savePeople: invoke('savePeople'),
  deletePerson: invoke('deletePerson'),
  restorePerson: invoke('restorePerson'),
  listUnits: invoke('listUnits'),
  saveUnit: invoke('saveUnit'),
  deleteUnit: invoke('deleteUnit'),
  restoreUnit: invoke('restoreUnit'),
  listPartyOrgs: invoke('listPartyOrgs'),
  savePartyOrg: invoke('savePartyOrg'),
  deletePartyOrg: invoke('deletePartyOrg'),
  restorePartyOrg: invoke('restorePartyOrg'),
  listPosts: invoke('listPosts'),
  savePost: invoke('savePost'),
  deletePost: invoke('deletePost'),
  getRosterViews: invoke('getRosterViews'),
  saveRosterViews: invoke('saveRosterViews'),
  exportRoster: invoke('exportRoster'),
  stageImportFile: invoke('stageImportFile'),
  startRosterImport: invoke('startRosterImport'),
  getImportJob: invoke('getImportJob'),
  cancelImportJob: invoke('cancelImportJob'),
  exportImportProblems: invoke('exportImportProblems'),
  listImports: invoke('listImports'),
  undoLastImport: invoke('undoLastImport'),
  listCourses: invoke('listCourses'),
  getCourse: invoke('getCourse'),
  saveCourse: invoke('saveCourse'),
  deleteCourse: invoke('deleteCourse'),
  restoreCourse: invoke('restoreCourse'),
  saveSession: invoke('saveSession'),
  deleteSession: invoke('deleteSession'),
  listEnrolments: invoke('listEnrolments'),
  previewEnrolment: invoke('previewEnrolment'),
  enrol: invoke('enrol'),
  unenrol: invoke('unenrol'),
  orderEnrolments: invoke('orderEnrolments'),
  saveEnrolmentResult: invoke('saveEnrolmentResult'),
  getSessionAttendance: invoke('getSessionAttendance'),
  recordAttendance: invoke('recordAttendance'),
  getTrainingRules: invoke('getTrainingRules'),
  saveTrainingRules: invoke('saveTrainingRules'),
  trainingLedger: invoke('trainingLedger'),
  trainingCoverage: invoke('trainingCoverage'),
  exportCourse: invoke('exportCourse'),
  exportTrainingLedger: invoke('exportTrainingLedger'),
  previewTrainingImport: invoke('previewTrainingImport'),
  commitTrainingImport: invoke('commitTrainingImport'),
  undoLastTrainingImport: invoke('undoLastTrainingImport'),
  listTrainingImports: invoke('listTrainingImports'),
  listPartyMembers: invoke('listPartyMembers'),
  saveCommitteeSeat: invoke('saveCommitteeSeat'),
  deleteCommitteeSeat: invoke('deleteCommitteeSeat'),
  listActivities: invoke('listActivities'),
  getActivity: invoke('getActivity'),
  saveActivity: invoke('saveActivity'),
  deleteActivity: invoke('deleteActivity'),
  restoreActivity: invoke('restoreActivity'),
  getActivityAttendance: invoke('getActivityAttendance'),
  recordActivityAttendance: invoke('recordActivityAttendance'),
  addAttachment: invoke('addAttachment'),
  getAttachment: invoke('getAttachment'),
  deleteAttachment: invoke('deleteAttachment'),
  getComplianceRules: invoke('getComplianceRules'),
  saveComplianceRules: invoke('saveComplianceRules'),
  complianceReport: invoke('complianceReport'),
  exportCompliance: invoke('exportCompliance'),
  listBackups: invoke('listBackups'),
  backupNow: invoke('backupNow'),
  previewBackup: invoke('previewBackup'),
  restoreBackup: invoke('restoreBackup'),
  previewBackupFile: invoke('previewBackupFile'),
  restoreBackupFile: invoke('restoreBackupFile'),
  backupTo: invoke('backupTo'),
  listOffices: invoke('listOffices'),
  exportPackage: invoke('exportPackage'),
  previewPackage: invoke('previewPackage'),
  importPackage: invoke('importPackage'),
  packageImports: invoke('packageImports'),
  undoPackageImport: invoke('undoPackageImport'),
  listConflicts: invoke('listConflicts'),
  resolveConflict: invoke('resolveConflict'),
  resolveDeleteConflict: invoke('resolveDeleteConflict'),
  listDuplicates: invoke('listDuplicates'),
  mergeDuplicate: invoke('mergeDuplicate'),
  listOperators: invoke('listOperators'),
  setCurrentOperator: invoke('setCurrentOperator'),
  getCurrentOperator: invoke('getCurrentOperator'),
  removeOperator: invoke('removeOperator'),
  recordHistory: invoke('recordHistory'),
  auditLog: invoke('auditLog'),
  exportAuditLog: invoke('exportAuditLog'),
  lockState: invoke('lockState'),
  setLockPassword: invoke('setLockPassword'),
  clearLockPassword: invoke('clearLockPassword'),
  setLockIdleMinutes: invoke('setLockIdleMinutes'),
  lock: invoke('lock'),
  unlock: invoke('unlock'),
} satisfies LedgerApi;

contextBridge.exposeInMainWorld('ledger', bridge);

/** Electron-only abilities (print dialog, save as PDF); the browser host has no `ledgerShell`. */
const shell = {
  print: (input) => ipcRenderer.invoke(SHELL_CHANNELS.print, input),
  savePdf: (input) => ipcRenderer.invoke(SHELL_CHANNELS.savePdf, input),
  backupTo: (input) => ipcRenderer.invoke(SHELL_CHANNELS.backupTo, input),
  openBackupFile: (input) => ipcRenderer.invoke(SHELL_CHANNELS.openBackupFile, input),
  exportPackage: (input) => ipcRenderer.invoke(SHELL_CHANNELS.exportPackage, input),
  openPackage: (input) => ipcRenderer.invoke(SHELL_CHANNELS.openPackage, input),
} satisfies ShellApi;

contextBridge.exposeInMainWorld('ledgerShell', shell);
