import { computed, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute } from 'vue-router';
import type { ActivityAttendance } from '../../../shared/activities';
import { api } from '../../api/client';
import { usePrintLoad } from '../print/usePrintLoad';
import { usePrintQuery } from '../print/usePrintQuery';

/** The activity and its 应到 list that both meeting printouts (会议记录, 签到表) show, from ?activity=ID. */
export function useActivityPrintData() {
  const { t } = useI18n();
  const route = useRoute();
  const { queryText } = usePrintQuery();
  const data = shallowRef<ActivityAttendance | null>(null);
  const activity = computed(() => data.value?.activity ?? null);
  const { state, errorMessage } = usePrintLoad(async (current) => {
    const activityId = queryText('activity');
    if (!activityId) return t('activitiesCompliance.record.noActivity');
    const found = await api.getActivityAttendance({ activityId });
    if (!current()) return;
    if (!found.ok) return found.error.message;
    data.value = found.data;
  }, () => route.query.activity);
  return { data, activity, state, errorMessage };
}
