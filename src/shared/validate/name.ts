/** 姓名 (REFERENCE §4.3): CJK and the middle dot of minority names; no 4-character cap. */

export type NameCheck = { ok: true; value: string } | { ok: false; message: string };

const MIDDLE_DOT_LOOKALIKES = /[\u2022\u30FB\uFF0E\u2027\u22C5]/g;
const MAX_LENGTH = 30;

export function normaliseName(raw: string): string {
  return raw.replace(/[\s\u3000]+/g, '').replace(MIDDLE_DOT_LOOKALIKES, '\u00B7');
}

export function checkName(raw: string): NameCheck {
  const name = normaliseName(raw);
  if (name === '') return { ok: false, message: '姓名不能为空' };
  const length = [...name].length;
  if (length > MAX_LENGTH) return { ok: false, message: `姓名过长（${length}个字），最多${MAX_LENGTH}个字` };
  // Any digit (half- or full-width), punctuation or symbol, except the middle dot of minority names.
  if (/[\p{Nd}\p{P}\p{S}]/u.test(name.replace(/\u00B7/g, ''))) return { ok: false, message: '姓名中含有数字或标点符号，请检查' };
  if (name.startsWith('\u00B7') || name.endsWith('\u00B7')) return { ok: false, message: '姓名不能以间隔号“·”开头或结尾' };
  return { ok: true, value: name };
}
