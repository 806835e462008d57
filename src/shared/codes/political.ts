import { createCodeTable } from './table';

/** GB/T 4762-1984 (REFERENCE §3.3). Rosters print the short name, so that is what we show and export. */
const POLITICAL_STATUS_ENTRIES = [
  { code: '01', name: '中共党员', fullName: '中国共产党党员' },
  { code: '02', name: '中共预备党员', fullName: '中国共产党预备党员' },
  { code: '03', name: '共青团员', fullName: '中国共产主义青年团团员' },
  { code: '04', name: '民革会员', fullName: '中国国民党革命委员会会员' },
  { code: '05', name: '民盟盟员', fullName: '中国民主同盟盟员' },
  { code: '06', name: '民建会员', fullName: '中国民主建国会会员' },
  { code: '07', name: '民进会员', fullName: '中国民主促进会会员' },
  { code: '08', name: '农工党党员', fullName: '中国农工民主党党员' },
  { code: '09', name: '致公党党员', fullName: '中国致公党党员' },
  { code: '10', name: '九三学社社员', fullName: '九三学社社员' },
  { code: '11', name: '台盟盟员', fullName: '台湾民主自治同盟盟员' },
  { code: '12', name: '无党派民主人士', fullName: '无党派民主人士' },
  { code: '13', name: '群众', fullName: '群众' },
] as const;

const fullNames = Object.fromEntries(POLITICAL_STATUS_ENTRIES.map((e) => [e.fullName, e.code]));

export const POLITICAL_STATUSES = createCodeTable(POLITICAL_STATUS_ENTRIES, {
  ...fullNames,
  党员: '01',
  共产党员: '01',
  预备党员: '02',
  团员: '03',
  无党派人士: '12',
});

/** Codes whose holders are members of the Communist Party (full or probationary). */
export const PARTY_MEMBER_CODES: readonly string[] = ['01', '02'];
