import type { Result } from './result';
import type { ExportToResult } from './syncContract';

/** What the Electron preload exposes as `window.ledgerShell`, beside the core API `window.ledger`. */
export interface ShellApi {
  /** Opens the system print dialog (printer choice, copies, preview) for the current page. */
  print(input: { landscape?: boolean }): Promise<Result<{ printed: boolean }>>;
  /** Asks where to save, then writes the current page as a PDF; `path` is null when the clerk cancelled. */
  savePdf(input: { fileName: string; landscape?: boolean }): Promise<Result<{ path: string | null }>>;
  /** Asks where with a save dialog, then writes a verified full backup there; `path` is null when cancelled. */
  backupTo(input: Record<string, never>): Promise<Result<{ path: string | null }>>;
  /** Asks for a backup file (a USB stick) with an open dialog and hands back its bytes; null when cancelled. */
  openBackupFile(input: Record<string, never>): Promise<Result<{ fileName: string; dataBase64: string } | null>>;
  /** Asks where with a save dialog, then writes a verified exchange package there; null when cancelled. */
  exportPackage(input: { to: string | null; passphrase: string | null }): Promise<Result<ExportToResult | null>>;
  /** Asks for a .ledgerpkg with an open dialog and hands back its bytes; null when cancelled. */
  openPackage(input: Record<string, never>): Promise<Result<{ fileName: string; dataBase64: string } | null>>;
}
