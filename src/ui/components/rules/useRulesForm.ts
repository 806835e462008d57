import { ElMessage } from 'element-plus';
import { ref, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Result } from '../../../shared/result';

export interface RulesFormOptions<T> {
  /** Whether the dialog is open: the office's rules are read each time it opens. */
  open: () => boolean;
  /** The national defaults, the form's start and what 恢复默认 puts back. */
  defaults: T;
  fetch: () => Promise<Result<T>>;
  store: (form: T) => Promise<Result<T>>;
  /** A refusal before saving, or null when the form can go to the core. */
  check?: (form: T) => string | null;
  /** The i18n block with resetDone and saved. */
  messages: 'trainingLedger.rules' | 'activitiesCompliance.rules';
  /** After a save: the rules as the core keeps them. */
  saved: (rules: T) => void;
}

/** The form of an office-rules dialog (学时 requirements, 组织生活 frequencies): read on open, 恢复默认, save. */
export function useRulesForm<T>(options: RulesFormOptions<T>) {
  const { t } = useI18n();
  const form = ref(structuredClone(options.defaults)) as Ref<T>;
  const loading = ref(false);
  const saving = ref(false);
  const error = ref('');

  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    const result = await options.fetch();
    loading.value = false;
    if (result.ok) form.value = structuredClone(result.data);
    else error.value = result.error.message;
  }

  watch(options.open, (open) => {
    if (open) void load();
  }, { immediate: true });

  function reset(): void {
    form.value = structuredClone(options.defaults);
    ElMessage.info(t(`${options.messages}.resetDone`));
  }

  async function save(): Promise<void> {
    error.value = '';
    const refusal = options.check?.(form.value) ?? null;
    if (refusal !== null) {
      error.value = refusal;
      return;
    }
    saving.value = true;
    const result = await options.store(form.value);
    saving.value = false;
    if (!result.ok) {
      error.value = result.error.message;
      return;
    }
    ElMessage.success(t(`${options.messages}.saved`));
    options.saved(result.data);
  }

  return { form, loading, saving, error, reset, save };
}
