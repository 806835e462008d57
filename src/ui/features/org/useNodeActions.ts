import { ElMessage, ElMessageBox } from 'element-plus';
import { useI18n } from 'vue-i18n';
import type { LedgerError } from '../../../shared/result';

/**
 * Delete (after a confirmation) and restore for tree nodes. The core refuses deleting a node that still
 * holds people or children; its Chinese message says what to move first, so it is shown as is.
 */
export function useNodeActions(remove: (id: string) => Promise<LedgerError | null>, restore: (id: string) => Promise<LedgerError | null>) {
  const { t } = useI18n();

  async function confirmRemove(node: { id: string; name: string }): Promise<void> {
    try {
      await ElMessageBox.confirm(t('org.confirmDelete', { name: node.name }), t('org.confirmDeleteTitle'), {
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
        type: 'warning',
      });
    } catch {
      return;
    }
    const error = await remove(node.id);
    if (error) ElMessage.error({ message: error.message, duration: 8000 });
    else ElMessage.success(t('org.deletedOne', { name: node.name }));
  }

  async function restoreNode(node: { id: string; name: string }): Promise<void> {
    const error = await restore(node.id);
    if (error) ElMessage.error({ message: error.message, duration: 8000 });
    else ElMessage.success(t('org.restoredOne', { name: node.name }));
  }

  return { confirmRemove, restoreNode };
}
