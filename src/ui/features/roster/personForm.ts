import { computed, reactive, ref } from 'vue';
import { validatePerson, type Person, type PersonInput } from '../../../shared/person';
import type { FieldIssue } from '../../../shared/result';
import { checkIdNumber } from '../../../shared/validate/idNumber';

export type PersonDraft = Required<Omit<PersonInput, 'id' | 'rev' | 'politicalStatus' | 'education' | 'ethnicity' | 'gender'>> & {
  gender: string;
  ethnicity: string;
};

export function emptyDraft(): PersonDraft {
  return {
    name: '',
    idNumber: '',
    gender: '',
    birthDate: '',
    ethnicity: '',
    politicalStatusCode: '',
    partyJoinDate: '',
    educationCode: '',
    phone: '',
    unit: '',
    post: '',
    category: '',
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
    politicalStatusCode: person.politicalStatusCode ?? '',
    partyJoinDate: person.partyJoinDate ?? '',
    educationCode: person.educationCode ?? '',
    phone: person.phone ?? '',
    unit: person.unit ?? '',
    post: person.post ?? '',
    category: person.category ?? '',
    note: person.note ?? '',
  };
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
    const id = draft.idNumber?.trim() ?? '';
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
  function toInput(): PersonInput {
    const input: PersonInput = { ...draft };
    if (idInfo.value) {
      input.gender = idInfo.value.gender;
      input.birthDate = idInfo.value.birthDate;
    }
    return input;
  }

  return { draft, idInfo, issues, errors, submitted, serverIssues, reset, touch, toInput };
}
