import type { LedgerHandlers, Method, ParsedInput } from '../shared/contract';
import { parseRequest } from '../shared/parse';
import { fail, type Result } from '../shared/result';

/**
 * The single entry point for untrusted callers (IPC, HTTP, CLI): validate the method and input against
 * the contract, run the handler, and turn an unexpected exception into a typed error instead of a crash.
 */
export function dispatch(handlers: LedgerHandlers, method: string, raw: unknown, log: (e: unknown) => void = console.error): Result<unknown> {
  const request = parseRequest(method, raw);
  if (!request.ok) return request;
  try {
    const handler = handlers[request.data.method] as (input: ParsedInput<Method>) => Result<unknown>;
    return handler(request.data.input);
  } catch (error) {
    log(error);
    return fail('INTERNAL', '操作未完成：程序内部出错，数据没有改动。请重试，如仍出错请联系技术支持。');
  }
}
