import type { Problem } from './importStore';

type Translate = (key: string, params: Record<string, string | number>) => string;

/** Core messages are already Chinese; the wizard's own refusals are i18n keys. */
export function problemText(t: Translate, problem: Problem): string {
  return 'message' in problem ? problem.message : t(problem.key, problem.params ?? {});
}

/** A problem's sheet row for a table cell; row 0 is about the whole file (e.g. the 导入前 backup), not a row. */
export function sheetRowText(problem: { row: number }): string {
  return problem.row > 0 ? String(problem.row) : '—';
}
