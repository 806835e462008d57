import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

/**
 * A stand-in for the 'electron' module (no Electron binary runs on our machines). It records what the
 * shell asks of Electron so tests can replay events: navigation, permission requests, IPC calls.
 * `electronModule` is what vi.mock('electron') returns; its getters read the current fakes, so
 * `resetElectron()` gives each test fresh ones even though modules import 'electron' only once.
 *
 *   vi.mock('electron', async () => (await import('./fakeElectron')).electronModule);
 *   beforeEach(resetElectron); afterAll(disposeElectron);
 */

export interface NavigationEvent {
  url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function navigationEvent(url: string): NavigationEvent {
  return {
    url,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, IpcHandler>();
  handle(channel: string, handler: IpcHandler): void {
    // Electron itself refuses a second handler for a channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  /** Calls a channel as a renderer frame at `url` would (null: no sender frame). */
  async invoke(channel: string, input: unknown, frame: { url: string; parent: unknown } | null = { url: 'app://ledger/index.html', parent: null }): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame: frame }, input);
  }
}

type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void;
type RequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession {
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null;
  permissionCheckHandler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;
  headersListener: HeadersListener | null = null;
  requestListener: RequestListener | null = null;
  requestFilter: { urls: string[] } | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
    onBeforeRequest: (filter: { urls: string[] }, listener: RequestListener) => {
      this.requestFilter = filter;
      this.requestListener = listener;
    },
  };
  setPermissionRequestHandler(handler: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = handler;
  }
}

export class FakeApp extends EventEmitter {
  lock = true;
  isPackaged = false;
  userData: string;
  quitCalls = 0;
  private readonly readyPromise: Promise<void>;
  private resolveReady!: () => void;
  constructor(userData: string) {
    super();
    this.userData = userData;
    this.readyPromise = new Promise((resolve) => {
      this.resolveReady = resolve;
    });
  }
  requestSingleInstanceLock = vi.fn(() => this.lock);
  quit = vi.fn(() => {
    this.quitCalls++;
  });
  whenReady = vi.fn(() => this.readyPromise);
  getPath = vi.fn((name: string) => {
    // The dialogs open in documents by default.
    if (name === 'documents') return path.join(path.dirname(this.userData), 'documents');
    if (name !== 'userData') throw new Error(`unexpected getPath(${name})`);
    return this.userData;
  });
  /** Emits 'ready' as Electron would; the promise from whenReady() settles. */
  becomeReady(): void {
    this.resolveReady();
  }
}

export interface Fakes {
  tempDir: string;
  app: FakeApp;
  session: FakeSession;
  ipcMain: FakeIpcMain;
  protocol: { registerSchemesAsPrivileged: ReturnType<typeof vi.fn>; handle: ReturnType<typeof vi.fn>; handlers: Map<string, (request: { url: string; method: string }) => Promise<Response>> };
  dialog: { showErrorBox: ReturnType<typeof vi.fn>; showOpenDialog: ReturnType<typeof vi.fn>; showSaveDialog: ReturnType<typeof vi.fn> };
  shell: { openExternal: ReturnType<typeof vi.fn> };
  ipcRenderer: { invoke: ReturnType<typeof vi.fn> };
  contextBridge: { exposeInMainWorld: ReturnType<typeof vi.fn>; exposed: Map<string, unknown> };
}

function createFakes(): Fakes {
  const tempDir = mkdtempSync(path.join(tmpdir(), 'ledger-electron-test-'));
  const protocolHandlers = new Map<string, (request: { url: string; method: string }) => Promise<Response>>();
  const exposed = new Map<string, unknown>();
  return {
    tempDir,
    app: new FakeApp(path.join(tempDir, 'userData')),
    session: new FakeSession(),
    ipcMain: new FakeIpcMain(),
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => {
        protocolHandlers.set(scheme, handler);
      }),
      handlers: protocolHandlers,
    },
    dialog: {
      showErrorBox: vi.fn(),
      // Cancelled unless a test says what the clerk chose.
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    ipcRenderer: { invoke: vi.fn((channel: string, ...args: unknown[]) => Promise.resolve({ ok: true, data: { channel, args } })) },
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        exposed.set(key, api);
      }),
      exposed,
    },
  };
}

let current: Fakes | null = null;

/** The fakes the code under test sees right now. */
export function fakes(): Fakes {
  current ??= createFakes();
  return current;
}

/** Drops the current fakes and their temp dir; call from afterAll. */
export function disposeElectron(): void {
  if (current) rmSync(current.tempDir, { recursive: true, force: true });
  current = null;
  FakeBrowserWindow.instances = [];
}

/** Fresh fakes for the next test; removes the previous test's temp dir. */
export function resetElectron(): Fakes {
  disposeElectron();
  return fakes();
}

export const electronModule = {
  get app() {
    return fakes().app;
  },
  get session() {
    return { defaultSession: fakes().session };
  },
  get ipcMain() {
    return fakes().ipcMain;
  },
  get protocol() {
    return fakes().protocol;
  },
  get dialog() {
    return fakes().dialog;
  },
  get shell() {
    return fakes().shell;
  },
  get ipcRenderer() {
    return fakes().ipcRenderer;
  },
  get contextBridge() {
    return fakes().contextBridge;
  },
  BrowserWindow: FakeBrowserWindow,
};
