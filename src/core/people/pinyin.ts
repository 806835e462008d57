import { pinyin } from 'pinyin-pro';

/**
 * Full pinyin and initials for search (`zs` finds 张三) and for sorting by pinyin, which is how
 * clerks expect a roster ordered. `surname: 'head'` reads polyphonic surnames right (单 → shan, 曾 → zeng).
 *
 * `full` separates syllables with a space ("li wei"), so sorting compares syllable by syllable, as a
 * pinyin-ordered roster does: 李伟 (li wei) before 梁朝伟 (liang chao wei), 华 before 黄, 万 before 王.
 * Without the separator "liwei" sorts after "liangchaowei". Letters that are not Chinese stay one word
 * ("john", not "j o h n"). Searches strip the spaces before matching.
 */
export function namePinyin(name: string): { full: string; initials: string } {
  const clean = (parts: string[]) => parts.map((s) => s.toLowerCase().replace(/[^a-z]/g, '')).filter((s) => s.length > 0);
  const syllables = clean(pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true }));
  const words = clean(pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true, nonZh: 'consecutive' }));
  return { full: words.join(' '), initials: syllables.map((s) => s[0]).join('') };
}
