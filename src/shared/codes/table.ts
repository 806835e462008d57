/** A national code table: look up by code, by official name, or by any accepted alias. */
export interface CodeEntry {
  code: string;
  name: string;
}

export interface CodeTable<E extends CodeEntry> {
  readonly entries: readonly E[];
  byCode(code: string): E | undefined;
  /** Finds an entry by code, name or alias, ignoring surrounding and inner spaces. */
  find(text: string): E | undefined;
}

export function createCodeTable<E extends CodeEntry>(entries: readonly E[], aliases: Record<string, string> = {}): CodeTable<E> {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const byText = new Map<string, E>();
  for (const e of entries) {
    byText.set(e.code, e);
    byText.set(e.name, e);
  }
  for (const [alias, code] of Object.entries(aliases)) {
    const entry = byCode.get(code);
    if (!entry) throw new Error(`alias ${alias} points at unknown code ${code}`);
    byText.set(alias, entry);
  }
  return {
    entries,
    byCode: (code) => byCode.get(code),
    find: (text) => byText.get(text.replace(/[\s\u3000]+/g, '')),
  };
}
