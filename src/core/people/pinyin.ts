import { pinyin } from 'pinyin-pro';

/**
 * Full pinyin and initials for search (`zs` finds 张三) and for sorting by pinyin, which is how
 * clerks expect a roster ordered. `surname: 'head'` reads polyphonic surnames right (单 → shan, 曾 → zeng).
 */
export function namePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z]/g, ''))
    .filter((s) => s.length > 0);
  return { full: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}
