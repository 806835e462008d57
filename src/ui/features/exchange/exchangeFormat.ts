/** Small display helpers shared by the 数据交换 tabs. */

const pad = (n: number): string => String(n).padStart(2, '0');

/** Local time as the clerk reads it: 2026-11-22 08:30. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 身份证号 with the birth date and sequence hidden: 110101********0010 keeps region and check digits. */
export function maskIdNumber(id: string): string {
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : id;
}

/**
 * A short fingerprint of an office's signing key (SHA-256 of its DER bytes, first 8 bytes in groups of four hex
 * digits), for two clerks to compare on the phone. Falls back to the key's tail where SubtleCrypto is missing.
 */
export async function keyFingerprint(base64Der: string): Promise<string> {
  const group = (hex: string) => hex.match(/.{1,4}/g)!.join(' ').toUpperCase();
  try {
    const bytes = Uint8Array.from(atob(base64Der), (c) => c.charCodeAt(0));
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return group([...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(''));
  } catch {
    return base64Der.slice(-16);
  }
}

/** The value a conflict version holds, parsed from its JSON text, for the 手工填写 box. */
export function editableValue(json: string): string {
  try {
    const value = JSON.parse(json) as unknown;
    return value === null || value === undefined ? '' : String(value);
  } catch {
    return json;
  }
}

/** A typed value back to JSON: numbers stay numbers when the version it replaces was one, empty means null. */
export function typedValueJson(text: string, like: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'null';
  let sample: unknown;
  try {
    sample = JSON.parse(like);
  } catch {
    sample = null;
  }
  if (typeof sample === 'number' && Number.isFinite(Number(trimmed))) return JSON.stringify(Number(trimmed));
  return JSON.stringify(trimmed);
}

const safeName = (name: string): string => name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '单位';

/** The name core's packageFileName gives a package (红旗镇_致_青山县_2026-11-22.ledgerpkg), shown before export. */
export function suggestedPackageName(from: string, to: string | null, at = new Date()): string {
  return `${safeName(from)}_致_${to ? safeName(to) : '全部'}_${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}.ledgerpkg`;
}
