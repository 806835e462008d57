import { createCodeTable } from './table';

/** GB/T 2261.1-2003. Rosters print 男/女; only those two are offered for entry. */
export const GENDERS = createCodeTable(
  [
    { code: '1', name: '男' },
    { code: '2', name: '女' },
  ] as const,
  { 男性: '1', 女性: '2' },
);

export type GenderName = '男' | '女';
