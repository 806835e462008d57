import type { Method } from './contract';

/**
 * IPC channel names, kept apart from contract.ts so the sandboxed preload can import them without
 * bundling zod: this file has no runtime imports.
 */
export const IPC_CHANNEL_PREFIX = 'ledger:';

/** IPC channel name for a method; the preload and main both derive it from here. */
export function ipcChannel(method: Method): string {
  return `${IPC_CHANNEL_PREFIX}${method}`;
}

/**
 * Shell-only channels: things only Electron can do (the system print dialog, save as PDF). They are not
 * part of the core contract; in the browser host the page uses the browser's own print dialog instead.
 */
export const SHELL_CHANNELS = {
  print: 'shell:print',
  savePdf: 'shell:savePdf',
  /** Save dialog in the main process, then a verified full backup there (备份到U盘). */
  backupTo: 'shell:backupTo',
  /** Open dialog in the main process; the chosen backup file comes back as bytes for preview and restore. */
  openBackupFile: 'shell:openBackupFile',
  /** Save dialog in the main process, then a verified exchange package there (导出数据包). */
  exportPackage: 'shell:exportPackage',
  /** Open dialog in the main process; the chosen .ledgerpkg comes back as bytes for preview and import. */
  openPackage: 'shell:openPackage',
} as const;
