/**
 * What the roster's search box text means, shared by the core (which plans the search) and the renderer
 * (which tells the clerk when a fragment is too short to search ID numbers and phones).
 */

/**
 * An ID number or phone fragment is searched from this many characters on (trigram semantics, as clerks
 * expect: "1" or "41" is inside nearly every ID number, so it would find almost everyone). Shorter digit
 * queries still find names, units and posts containing them (3 finds 3组).
 */
export const MIN_ID_FRAGMENT = 3;

export interface SearchText {
  /** The query without the spaces people type inside names (王 伟). */
  text: string;
  /** Latin letters only: pinyin initials or a pinyin prefix (zs, zhang). */
  letters: boolean;
  /** Digits, optionally ending in X: an ID number or phone fragment. */
  digits: boolean;
  /** Digits long enough to search inside ID numbers and phones. */
  idFragment: boolean;
}

/** Reads the search box's text; null when there is nothing to search for. */
export function normaliseQuery(query: string): SearchText | null {
  const text = query.replace(/[\s\u3000]+/g, '');
  if (text === '') return null;
  const digits = /^\d+[xX]?$/.test(text);
  return { text, letters: /^[a-zA-Z]+$/.test(text), digits, idFragment: digits && text.length >= MIN_ID_FRAGMENT };
}

/** True for 1–2 digits (or 1 digit and X): too short to search ID numbers and phones, so say so. */
export function isShortIdFragment(query: string): boolean {
  const q = normaliseQuery(query);
  return q !== null && q.digits && !q.idFragment;
}
