/**
 * What the crash children share: numbered progress markers `M <n> <phase>` on stderr (synchronous writes, so the
 * parent sees each one in order), a pause right after marker `pauseAt` until the parent's SIGKILL lands, and a
 * `write` marker every `writeEvery` statements run while counting is on (every statement this process prepares is
 * wrapped, so call this before opening the database).
 */
import { writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';

export interface ChildMarkers {
  marker(phase: string): void;
  /** Counts the statements run from now on, with a `write` marker every `writeEvery`. */
  startWrites(): void;
  stopWrites(): void;
  /** Statements run while counting was on. */
  writes(): number;
}

export function childMarkers(pauseAt: number, writeEvery: number): ChildMarkers {
  let n = 0;
  function marker(phase: string): void {
    n += 1;
    writeSync(2, `M ${n} ${phase}\n`);
    if (n === pauseAt) {
      // Wait for the SIGKILL here, synchronously: no other JavaScript runs, the transaction stays open.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      writeSync(2, 'not killed while paused\n');
      process.exit(3);
    }
  }

  // Count every statement run inside the transaction by wrapping the statements this process prepares.
  let counting = false;
  let writes = 0;
  const proto = BetterSqlite3.prototype as unknown as { prepare(sql: string): BetterSqlite3.Statement };
  const prepare = proto.prepare;
  proto.prepare = function (this: BetterSqlite3.Database, sql: string) {
    const statement = prepare.call(this, sql);
    const run = statement.run;
    (statement as { run: typeof run }).run = function (this: BetterSqlite3.Statement, ...args: unknown[]) {
      const out = run.apply(this, args);
      if (counting && ++writes % writeEvery === 0) marker('write');
      return out;
    } as typeof run;
    return statement;
  };

  return {
    marker,
    startWrites: () => {
      counting = true;
    },
    stopWrites: () => {
      counting = false;
    },
    writes: () => writes,
  };
}
