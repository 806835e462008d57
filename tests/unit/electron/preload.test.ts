import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../../src/shared/contract';
import { ipcChannel, SHELL_CHANNELS } from '../../../src/shared/ipc';
import { disposeElectron, fakes } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule);
afterAll(disposeElectron);

// Importing the preload runs it, as Electron does before the page loads.
await import('../../../electron/preload/index');

const repo = path.resolve(import.meta.dirname, '../../..');

/** Imports that survive compilation (not `import type`), as written in a source file. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(path.join(repo, file), 'utf8');
  return [...source.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

describe('preload bridge', () => {
  it('exposes exactly two objects: window.ledger (the contract) and window.ledgerShell (print)', () => {
    const { exposeInMainWorld } = fakes().contextBridge;
    expect(exposeInMainWorld).toHaveBeenCalledTimes(2);
    expect(exposeInMainWorld.mock.calls.map((c) => c[0])).toEqual(['ledger', 'ledgerShell']);
  });

  it('ledgerShell has exactly print, savePdf, backupTo, openBackupFile, exportPackage and openPackage, each forwarding only its input to its shell channel', async () => {
    const shell = fakes().contextBridge.exposed.get('ledgerShell') as Record<string, (input: unknown) => Promise<unknown>>;
    expect(Object.keys(shell).sort()).toEqual(['backupTo', 'exportPackage', 'openBackupFile', 'openPackage', 'print', 'savePdf']);
    const { invoke } = fakes().ipcRenderer;
    for (const [method, channel] of Object.entries(SHELL_CHANNELS)) {
      invoke.mockClear();
      const input = { probe: method };
      await shell[method]!(input);
      expect(invoke, method).toHaveBeenCalledExactlyOnceWith(channel, input);
    }
  });

  it('has exactly the contract methods, all functions, and nothing else', () => {
    const bridge = fakes().contextBridge.exposed.get('ledger') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...METHODS].sort());
    for (const m of METHODS) expect(typeof bridge[m], m).toBe('function');
    expect(Object.getPrototypeOf(bridge)).toBe(Object.prototype);
  });

  it('each method forwards only its input to its own channel and returns the reply', async () => {
    const bridge = fakes().contextBridge.exposed.get('ledger') as Record<string, (input: unknown) => Promise<unknown>>;
    const { invoke } = fakes().ipcRenderer;
    for (const m of METHODS) {
      invoke.mockClear();
      const input = { probe: m };
      const reply = await bridge[m]!(input);
      expect(invoke, m).toHaveBeenCalledExactlyOnceWith(ipcChannel(m), input);
      expect(reply).toEqual({ ok: true, data: { channel: ipcChannel(m), args: [input] } });
    }
  });

  it('imports nothing at run time but electron and the zod-free channel helper', () => {
    expect(runtimeImports('electron/preload/index.ts').sort()).toEqual(['../../src/shared/ipc', 'electron']);
    expect(runtimeImports('src/shared/ipc.ts')).toEqual([]);
  });
});
