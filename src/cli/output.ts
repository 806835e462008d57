import type { LedgerError } from '../shared/result';

/** A user-facing failure: printed to stderr in Chinese, exit code non-zero, nothing changed. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
  }
}

export function fromLedgerError(error: LedgerError): CliError {
  const details = error.issues?.map((i) => `  - ${i.message}`).join('\n');
  return new CliError(details && error.issues!.length > 1 ? `${error.message}\n${details}` : error.message);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
