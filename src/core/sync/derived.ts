import { namePinyin } from '../people/pinyin';

/** The search columns a person's name implies, written together with a name chosen in a conflict. */
export function derivedNameColumns(name: unknown): Record<string, unknown> {
  if (typeof name !== 'string') return {};
  const { full, initials } = namePinyin(name);
  return { name_pinyin: full, name_initials: initials, search_pinyin: full.replaceAll(' ', '') };
}
