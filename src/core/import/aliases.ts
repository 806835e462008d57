import { EDUCATIONS } from '../../shared/codes/education';
import { POLITICAL_STATUSES } from '../../shared/codes/political';
import { PERSON_STATUSES } from '../../shared/person';

/**
 * Spellings seen in village rosters that the national code tables do not list. Each is turned into a name
 * the shared tables accept; anything still unknown goes to validatePerson unchanged, which names it.
 */

const POLITICAL_EXTRA: Record<string, string> = {
  中国共产党员: '中共党员',
  中共正式党员: '中共党员',
  正式党员: '中共党员',
  中共预备: '中共预备党员',
  共青团: '共青团员',
  青年团员: '共青团员',
  无党派: '无党派民主人士',
};

const EDUCATION_EXTRA: Record<string, string> = {
  中技: '技工学校毕业',
  技工: '技工学校毕业',
  技工学校: '技工学校毕业',
  职业高中: '职业高中毕业',
  普高: '普通高中毕业',
  普通高中: '普通高中毕业',
  大学专科: '大学专科毕业',
  大学本科: '大学本科毕业',
  函授大专: '大学专科毕业',
  函授本科: '大学本科毕业',
};

const STATUS_EXTRA: Record<string, string> = {
  在职: '在岗',
  在任: '在岗',
  现任: '在岗',
  离职: '离任',
  卸任: '离任',
  调离: '调出',
};

const squeeze = (text: string) => text.normalize('NFKC').replace(/[\s]+/g, '');

/** A roster repeats a handful of values thousands of times: each is worked out once. */
function memo(resolve: (text: string) => string): (raw: string) => string {
  const cache = new Map<string, string>();
  return (raw) => {
    let value = cache.get(raw);
    if (value === undefined) {
      value = resolve(raw);
      if (cache.size < 10_000) cache.set(raw, value);
    }
    return value;
  };
}

export const politicalStatusName = memo((raw) => {
  const text = squeeze(raw);
  if (POLITICAL_STATUSES.find(text)) return text;
  return POLITICAL_EXTRA[text] ?? text;
});

/** 大专, 本科学历, 大学（本科）, 全日制大专, 初中文化, 高中毕业 → the GB/T 4658 leaf name. */
export const educationName = memo((raw) => {
  const text = squeeze(raw);
  const candidates = [
    text,
    text.replace(/[()（）]/g, ''),
    text.replace(/[(（][^)）]*[)）]/g, ''),
  ].flatMap((t) => [t, t.replace(/^(全日制|在职|函授|成人|自考|电大)/, '')])
    .flatMap((t) => [t, t.replace(/(学历|文化|程度|毕业)$/, '')]);
  for (const candidate of candidates) {
    const entry = EDUCATIONS.find(candidate);
    if (entry) return entry.name;
    const extra = EDUCATION_EXTRA[candidate];
    if (extra) return extra;
  }
  return text;
});

export const statusName = memo((raw) => {
  const text = squeeze(raw);
  if ((PERSON_STATUSES as readonly string[]).includes(text)) return text;
  return STATUS_EXTRA[text] ?? text;
});
