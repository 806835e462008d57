import type { Problem } from './importStore';

type Translate = (key: string, params: Record<string, string | number>) => string;

/** Core messages are already Chinese; the wizard's own refusals are i18n keys. */
export function problemText(t: Translate, problem: Problem): string {
  return 'message' in problem ? problem.message : t(problem.key, problem.params ?? {});
}
