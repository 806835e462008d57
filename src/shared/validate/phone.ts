/** Phone numbers (REFERENCE §4.2). Operator prefixes are not hard-coded: new ranges keep appearing. */

export type PhoneCheck = { ok: true; value: string } | { ok: false; message: string };

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;

/** Accepts a mainland mobile (spaces, hyphens and +86/0086 removed) or an office landline (kept as typed). */
export function checkPhone(raw: string): PhoneCheck {
  const trimmed = raw.trim().replace(/\u3000/g, ' ');
  if (trimmed === '') return { ok: false, message: '联系电话不能为空' };
  const mobile = trimmed.replace(/[\s-]+/g, '').replace(/^(\+86|0086)/, '');
  if (MOBILE.test(mobile)) return { ok: true, value: mobile };
  const landline = trimmed.replace(/\s+/g, '');
  if (LANDLINE.test(landline)) return { ok: true, value: landline };
  if (/^1\d*$/.test(mobile) && mobile.length !== 11) return { ok: false, message: `手机号码应为11位，当前为${mobile.length}位` };
  return { ok: false, message: '联系电话格式不正确，应为11位手机号码或带区号的固定电话（如0371-12345678）' };
}

/** 138****1234 */
export function maskPhone(phone: string): string {
  return MOBILE.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
