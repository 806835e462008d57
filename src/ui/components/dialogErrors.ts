import { ElMessage } from 'element-plus';
import { reactive, ref } from 'vue';
import type { FieldIssue, LedgerError } from '../../shared/result';

/**
 * Field errors of a dialog (org units and organisations, courses, sessions): cleared on open and on save,
 * filled from the dialog's own checks or from the core's issues when it refuses. `refusal` keeps the last
 * refusal for an alert (a CONFLICT offers to overwrite). With `join`, a second issue on a field is shown
 * after the first instead of replacing it.
 */
export function useDialogErrors(options: { join?: boolean } = {}) {
  const errors = reactive<Record<string, string>>({});
  const refusal = ref<LedgerError | null>(null);

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key];
    refusal.value = null;
  }

  function show(issues: readonly FieldIssue[]): void {
    for (const issue of issues) errors[issue.field] = options.join && errors[issue.field] ? `${errors[issue.field]}；${issue.message}` : issue.message;
  }

  /** The dialog's own checks before saving: shown on their fields with a warning; true when there were any. */
  function check(issues: readonly FieldIssue[], warning: string): boolean {
    if (issues.length === 0) return false;
    show(issues);
    ElMessage.warning(warning);
    return true;
  }

  /** Shows a refusal on its fields and as a message; true when there was one, so the dialog stays open. */
  function report(error: LedgerError | null): boolean {
    if (!error) return false;
    show(error.issues ?? []);
    refusal.value = error;
    ElMessage.error({ message: error.message, duration: 6000 });
    return true;
  }

  return { errors, refusal, clear, show, check, report };
}
