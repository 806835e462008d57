import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LedgerError } from '../../shared/result';
import type { CourseDetail, Enrolment } from '../../shared/training';
import { api } from '../api/client';

/**
 * The course open on the detail page: its summary and timetable, and its people with what they earned.
 * Each tab changes one part and asks for a refresh of what it affects; a course has at most a few hundred
 * people, so the lists come whole.
 */
export const useCourseStore = defineStore('trainingCourse', () => {
  const courseId = ref<string | null>(null);
  const detail = ref<CourseDetail | null>(null);
  const enrolments = ref<Enrolment[]>([]);
  const error = ref<LedgerError | null>(null);
  const loading = ref(false);

  async function loadDetail(): Promise<void> {
    const id = courseId.value;
    if (!id) return;
    const result = await api.getCourse({ id });
    if (id !== courseId.value) return;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = null;
    detail.value = result.data;
  }

  async function loadEnrolments(): Promise<void> {
    const id = courseId.value;
    if (!id) return;
    const result = await api.listEnrolments({ courseId: id });
    if (id !== courseId.value) return;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    enrolments.value = result.data;
  }

  /** Opens a course: clears the last one's data first, so nothing of it shows under the new title. */
  async function open(id: string): Promise<void> {
    if (courseId.value !== id) {
      courseId.value = id;
      detail.value = null;
      enrolments.value = [];
    }
    loading.value = true;
    await Promise.all([loadDetail(), loadEnrolments()]);
    loading.value = false;
  }

  /** After any change: the summary counts (场次, 参训人数, 出勤率) and the people's hours move together. */
  function refresh(): Promise<void> {
    return Promise.all([loadDetail(), loadEnrolments()]).then(() => undefined);
  }

  return { courseId, detail, enrolments, error, loading, open, loadDetail, loadEnrolments, refresh };
});
