/** Phantom marker: carries a contract method's output type without a runtime value. */
export function returns<T>(): T {
  return undefined as T;
}
