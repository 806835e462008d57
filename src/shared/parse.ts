import type { z } from 'zod';
import { contract, isMethod, type Method, type ParsedInput } from './contract';
import { fieldLabel } from './fieldLabels';
import { fail, ok, type FieldIssue, type Result } from './result';

/** Chinese wording for zod's issue kinds, so a bad request from any transport reads the same. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `类型不正确（应为${issue.expected}）`;
    case 'too_big':
      return `超出长度或范围（最大 ${String(issue.maximum)}）`;
    case 'too_small':
      return `不能为空或过小（最小 ${String(issue.minimum)}）`;
    case 'unrecognized_keys':
      return `包含未知字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      return '格式不正确';
    case 'invalid_value':
      return `取值无效（可选：${issue.values.map(String).join('、')}）`;
    default:
      return '取值无效';
  }
}

export function toFieldIssues(error: z.ZodError, method: Method = 'savePerson'): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const label = fieldLabel(method, field) || field;
    return { field, message: label ? `${label}：${describeIssue(issue)}` : describeIssue(issue) };
  });
}

/** Validates a method name and its raw input from an untrusted caller. */
export function parseRequest<M extends Method>(method: string, raw: unknown): Result<{ method: M; input: ParsedInput<M> }> {
  if (!isMethod(method)) return fail('UNKNOWN_CHANNEL', `未知的接口：${method.slice(0, 60)}`);
  const parsed = contract[method].input.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = toFieldIssues(parsed.error, method);
    return fail('VALIDATION', `请求内容不正确：${issues.map((i) => i.message).join('；')}`, issues);
  }
  return ok({ method: method as M, input: parsed.data as ParsedInput<M> });
}
