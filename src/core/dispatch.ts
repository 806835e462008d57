import type { LedgerHandlers, Method, ParsedInput } from '../shared/contract';
import { parseRequest } from '../shared/parse';
import { fail, type Result } from '../shared/result';

const INTERNAL_MESSAGE = '操作未完成：程序内部出错，数据没有改动。请重试，如仍出错请联系技术支持。';

/**
 * The single entry point for untrusted callers (IPC, HTTP, CLI): validate the method and input against
 * the contract, run the handler, and turn an unexpected exception into a typed error instead of a crash.
 * Most handlers answer synchronously (one SQLite transaction); imports answer with a promise. Callers
 * `await` the result either way.
 */
export function dispatch(
  handlers: LedgerHandlers,
  method: string,
  raw: unknown,
  log: (e: unknown) => void = console.error,
): Result<unknown> | Promise<Result<unknown>> {
  const request = parseRequest(method, raw);
  if (!request.ok) return request;
  const internal = (error: unknown) => {
    log(error);
    return fail('INTERNAL', INTERNAL_MESSAGE);
  };
  try {
    const handler = handlers[request.data.method] as (input: ParsedInput<Method>) => Result<unknown> | Promise<Result<unknown>>;
    const result = handler(request.data.input);
    return result instanceof Promise ? result.catch(internal) : result;
  } catch (error) {
    return internal(error);
  }
}
