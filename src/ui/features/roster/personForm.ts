import { computed, reactive, ref } from 'vue';
import type { Input } from '../../../shared/contract';
import { validatePerson, type Person, type PersonStatus } from '../../../shared/person';
import type { FieldIssue } from '../../../shared/result';
import { checkIdNumber } from '../../../shared/validate/idNumber';

export interface PersonDraft {
  name: string;
  idNumber: string;
  gender: string;
  birthDate: string;
  ethnicity: string;
  nativePlace: string;
  politicalStatusCode: string;
  partyJoinDate: string;
  partyFullDate: string;
  educationCode: string;
  workStartDate: string;
  phone: string;
  categories: string[];
  status: PersonStatus;
  /** The unit as written; kept in step with unitId when a unit is picked from the tree. */
  unit: string;
  unitId: string | null;
  partyOrgId: string | null;
  post: string;
  postStartDate: string;
  dispatchUnit: string;
  note: string;
}

export function emptyDraft(): PersonDraft {
  return {
    name: '',
    idNumber: '',
    gender: '',
    birthDate: '',
    ethnicity: '',
    nativePlace: '',
    politicalStatusCode: '',
    partyJoinDate: '',
    partyFullDate: '',
    educationCode: '',
    workStartDate: '',
    phone: '',
    categories: [],
    status: '在岗',
    unit: '',
    unitId: null,
    partyOrgId: null,
    post: '',
    postStartDate: '',
    dispatchUnit: '',
    note: '',
  };
}

export function draftFrom(person: Person): PersonDraft {
  return {
    name: person.name,
    idNumber: person.idNumber ?? '',
    gender: person.gender,
    birthDate: person.birthDate ?? '',
    ethnicity: person.ethnicity ?? '',
    nativePlace: person.nativePlace ?? '',
    politicalStatusCode: person.politicalStatusCode ?? '',
    partyJoinDate: person.partyJoinDate ?? '',
    partyFullDate: person.partyFullDate ?? '',
    educationCode: person.educationCode ?? '',
    workStartDate: person.workStartDate ?? '',
    phone: person.phone ?? '',
    categories: [...person.categories],
    status: person.status,
    unit: person.unit ?? '',
    unitId: person.unitId,
    partyOrgId: person.partyOrgId,
    post: person.post ?? '',
    postStartDate: person.postStartDate ?? '',
    dispatchUnit: person.dispatchUnit ?? '',
    note: person.note ?? '',
  };
}

/** 派出单位 matters for cadres posted to a village (驻村第一书记, 驻村工作队员). */
export function needsDispatchUnit(draft: Pick<PersonDraft, 'categories' | 'dispatchUnit'>): boolean {
  return draft.dispatchUnit.trim() !== '' || draft.categories.some((c) => c.includes('驻村'));
}

/**
 * Form state with the same validation the core runs. Errors show for fields the clerk has left, and for
 * all fields after a save attempt; server-side issues (a duplicate ID number) are merged in.
 */
export function usePersonForm() {
  const draft = reactive<PersonDraft>(emptyDraft());
  const touched = reactive(new Set<string>());
  const submitted = ref(false);
  const serverIssues = ref<FieldIssue[]>([]);

  const idInfo = computed(() => {
    const id = draft.idNumber.trim();
    if (id === '') return null;
    const checked = checkIdNumber(id);
    return checked.ok ? checked.value : null;
  });

  const issues = computed(() => {
    const checked = validatePerson({ ...draft, gender: idInfo.value ? idInfo.value.gender : draft.gender });
    return checked.ok ? [] : checked.issues;
  });

  const errors = computed(() => {
    const shown: Record<string, string> = {};
    for (const issue of issues.value) {
      if ((submitted.value || touched.has(issue.field)) && !shown[issue.field]) shown[issue.field] = issue.message;
    }
    for (const issue of serverIssues.value) if (!shown[issue.field]) shown[issue.field] = issue.message;
    return shown;
  });

  function reset(next: PersonDraft): void {
    Object.assign(draft, next);
    touched.clear();
    submitted.value = false;
    serverIssues.value = [];
  }

  function touch(field: string): void {
    touched.add(field);
    serverIssues.value = serverIssues.value.filter((i) => i.field !== field);
  }

  /** Builds the request; gender and birth date come from a valid ID number, as the core would derive them. */
  function toInput(): Input<'savePerson'> {
    const input: Input<'savePerson'> = { ...draft, categories: [...draft.categories] };
    if (idInfo.value) {
      input.gender = idInfo.value.gender;
      input.birthDate = idInfo.value.birthDate;
    }
    return input;
  }

  return { draft, idInfo, issues, errors, submitted, serverIssues, reset, touch, toInput };
}
