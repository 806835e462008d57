import { ElMessage } from 'element-plus';
import { reactive } from 'vue';
import type { LedgerError } from '../../../shared/result';

/** Field errors of an org dialog: cleared on open and on save, filled from the core's issues when it refuses. */
export function useDialogErrors() {
  const errors = reactive<Record<string, string>>({});

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key];
  }

  /** Shows a refusal on its fields and as a message; true when there was one, so the dialog stays open. */
  function report(error: LedgerError | null): boolean {
    if (!error) return false;
    for (const issue of error.issues ?? []) errors[issue.field] = issue.message;
    ElMessage.error({ message: error.message, duration: 6000 });
    return true;
  }

  return { errors, clear, report };
}
