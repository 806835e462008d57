import { ElMessage } from 'element-plus';
import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useFormDraft, type DraftKind, type DraftVersion } from '../../composables/useFormDraft';

export interface DialogDraftOptions<T> {
  kind: DraftKind;
  /** Whether the dialog is open: each time it opens, the form is filled afresh and a kept draft offered. */
  open: () => boolean;
  /** The record's id; null for a new one (kept as "new"). */
  id: () => string | null;
  /** The form as the stored record (or a new one) fills it. */
  fresh: () => T;
  version: () => DraftVersion;
  valid: (data: unknown) => data is T;
  /** Runs when the dialog opens, after the form is filled and before a draft is offered. */
  onOpen: () => void;
}

/**
 * A dialog's form kept on this computer per record (or "new") until saved or 放弃, and offered back on opening:
 * the draft, the refill on opening, and the answers to the prompt (恢复草稿, 放弃草稿) with their messages.
 */
export function useDialogDraft<T extends object>(form: T, options: DialogDraftOptions<T>) {
  const { t } = useI18n();
  const kept = useFormDraft<T>({
    kind: options.kind,
    key: () => (options.open() ? (options.id() ?? 'new') : null),
    value: () => form,
    pristine: options.fresh,
    version: options.version,
    valid: options.valid,
  });

  watch(options.open, (open) => {
    if (!open) return;
    Object.assign(form, options.fresh());
    options.onOpen();
    kept.open();
  });

  function restoreDraft(): void {
    const data = kept.restore();
    if (!data) return;
    Object.assign(form, { ...options.fresh(), ...data });
    ElMessage.success(t('drafts.restored'));
  }

  function discardDraft(): void {
    kept.discard();
    ElMessage.info(t('drafts.discarded'));
  }

  /** The record was saved: its draft goes. */
  const saved = () => kept.saved(options.id() ?? 'new');

  return { draftOffer: kept.offer, restoreDraft, discardDraft, saved };
}
