import type { ErrorCode } from '../../shared/result';

/**
 * A spreadsheet that cannot be read as a roster: wrong format, damaged, unsafe, or without a header row.
 * The message is a Chinese sentence naming the file, ready to show the clerk; nothing has been written.
 */
export class SpreadsheetError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'VALIDATION',
  ) {
    super(message);
    this.name = 'SpreadsheetError';
  }
}

/** Thrown between rows when the clerk pressed cancel; never shown as an error. */
export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
    this.name = 'ImportCancelled';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelled();
}
