import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { DEFAULT_IDLE_MINUTES, type LockState } from '../../shared/audit';
import { readSetting, writeSetting } from '../settings/settingsRepo';

/**
 * The optional app lock. The password is kept only as a scrypt hash with a random salt (never the text), in the
 * file's settings. The lock state lives in the process that serves the API: while locked the API answers
 * nothing but unlock/lockState/getOffice (see guardHandlers), so a renderer that is gone, stuck or hostile cannot
 * read the ledger. The process also locks by itself once no API call came for the idle minutes.
 */

const KEY = 'appLock';
/** 2^15 × 8 × 128 bytes = 32 MiB and some 100 ms a try: slow enough to make guessing costly, quick enough to unlock. */
const COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

interface StoredHash {
  salt: string;
  hash: string;
  N: number;
  r: number;
  p: number;
}

interface LockSettings {
  password: StoredHash | null;
  idleMinutes: number;
}

function scrypt(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = COST): Promise<StoredHash> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, cost);
  return { salt: salt.toString('base64'), hash: hash.toString('base64'), ...cost };
}

export async function verifyPassword(password: string, stored: StoredHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await scrypt(password, Buffer.from(stored.salt, 'base64'), stored);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export class LockRefused extends Error {}
export class WrongPassword extends Error {}

export interface AppLockOptions {
  /** A file with a password starts locked (default); the CLI, run by whoever holds the file, does not. */
  startLocked?: boolean;
  /** Milliseconds; a fake clock in tests. */
  now?: () => number;
}

export class AppLock {
  private locked: boolean;
  private lastActivity: number;
  private readonly now: () => number;
  /** Checks run one at a time, so guesses cannot be made in parallel. */
  private checking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    options: AppLockOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.lastActivity = this.now();
    this.locked = (options.startLocked ?? true) && this.settings().password !== null;
  }

  private settings(): LockSettings {
    const stored = readSetting<Partial<LockSettings>>(this.db, KEY);
    return { password: stored?.password ?? null, idleMinutes: stored?.idleMinutes ?? 0 };
  }

  /** Whether the API is closed now; an idle time past its limit locks first. */
  isLocked(): boolean {
    if (!this.locked) {
      const { password, idleMinutes } = this.settings();
      if (password && idleMinutes > 0 && this.now() - this.lastActivity >= idleMinutes * 60_000) this.locked = true;
    }
    return this.locked;
  }

  /** A call that shows someone is using the app postpones the automatic lock. */
  touch(): void {
    if (!this.isLocked()) this.lastActivity = this.now();
  }

  state(): LockState {
    const { password, idleMinutes } = this.settings();
    return { hasPassword: password !== null, locked: this.isLocked(), idleMinutes: password ? idleMinutes : 0 };
  }

  lock(): LockState {
    if (!this.settings().password) throw new LockRefused('尚未设置锁屏密码，请先在“本单位设置”中设置');
    this.locked = true;
    return this.state();
  }

  async unlock(password: string): Promise<LockState> {
    const stored = this.settings().password;
    if (stored && !(await this.check(password, stored))) throw new WrongPassword('密码不正确');
    this.locked = false;
    this.lastActivity = this.now();
    return this.state();
  }

  async setPassword(old: string | undefined, password: string): Promise<LockState> {
    const current = this.settings();
    if (current.password && !(await this.check(old ?? '', current.password))) throw new WrongPassword('原密码不正确');
    const hash = await hashPassword(password);
    writeSetting(this.db, KEY, { password: hash, idleMinutes: current.password ? current.idleMinutes : DEFAULT_IDLE_MINUTES } satisfies LockSettings);
    this.lastActivity = this.now();
    return this.state();
  }

  async clearPassword(password: string): Promise<LockState> {
    const current = this.settings();
    if (current.password && !(await this.check(password, current.password))) throw new WrongPassword('密码不正确');
    writeSetting(this.db, KEY, { password: null, idleMinutes: 0 } satisfies LockSettings);
    this.locked = false;
    return this.state();
  }

  setIdleMinutes(minutes: number): LockState {
    const current = this.settings();
    if (!current.password && minutes > 0) throw new LockRefused('请先设置锁屏密码，再设置自动锁定时间');
    writeSetting(this.db, KEY, { ...current, idleMinutes: minutes } satisfies LockSettings);
    this.lastActivity = this.now();
    return this.state();
  }

  private check(password: string, stored: StoredHash): Promise<boolean> {
    const run = this.checking.then(() => verifyPassword(password, stored));
    this.checking = run.catch(() => undefined);
    return run;
  }
}
