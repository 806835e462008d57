import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/core/dispatch';
import { createImportService, type ImportService } from '../../../src/core/import/jobs';
import { MAX_IMPORT_FILE_BYTES, type LedgerHandlers } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/result';
import { CJK } from '../../helpers/cjk';
import { makeTempDir, openTempLedger, type TempLedger } from '../../helpers/ledger';
import { writeCleanRoster, writeMessyRoster } from '../../fixtures/buildRosterWorkbooks';
import { dumpTables, service, unwrap, waitForJob } from './helpers';

/** Imports as jobs, the way the window drives them: stage, start, poll, cancel; the DB is real. */

let files: ReturnType<typeof makeTempDir>;
let bigRoster: string;
beforeAll(async () => {
  files = makeTempDir();
  bigRoster = await writeCleanRoster(join(files.dir, '五千人.xlsx'), 5000);
});
afterAll(() => files.cleanup());

let ledger: TempLedger;
let svc: ImportService;
beforeEach(() => {
  ledger = openTempLedger();
  svc = service(ledger.db);
});
afterEach(async () => {
  await svc.idle();
  svc.dispose();
  ledger.cleanup();
});

async function stage(path: string, name = path.split('/').pop()!): Promise<string> {
  const staged = unwrap(await svc.handlers.stageImportFile({ name, dataBase64: readFileSync(path).toString('base64') }));
  return staged.fileId;
}

async function start(fileId: string, mode: 'preview' | 'commit'): Promise<string> {
  return unwrap(await svc.handlers.startRosterImport({ fileId, mode })).jobId;
}

describe('import jobs', () => {
  it('stages a file, previews it, commits it', async () => {
    const path = await writeMessyRoster(files.dir);
    const fileId = await stage(path);
    const before = dumpTables(ledger.db);
    const preview = (await waitForJob(svc, await start(fileId, 'preview'))).at(-1)!;
    expect(preview).toMatchObject({ mode: 'preview', state: 'done', result: null, error: null, rowsRead: 20, rowsTotal: 20 });
    expect(preview.preview!.counts).toEqual({ created: 6, updated: 0, unchanged: 0, rejected: 7, ignored: 4 });
    expect(preview.preview!.fileName).toBe('红旗村两委花名册.xlsx');
    expect(dumpTables(ledger.db)).toEqual(before);

    // The error list, as the window saves it.
    const problems = unwrap(await svc.handlers.exportImportProblems({ jobId: preview.jobId }));
    expect(problems.fileName).toBe('红旗村两委花名册-未导入的行.xlsx');
    const saved = join(files.dir, problems.fileName);
    writeFileSync(saved, Buffer.from(problems.dataBase64, 'base64'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.worksheets[0]!.rowCount).toBe(2 + 7);
    expect(wb.worksheets[0]!.getRow(3).getCell(1).value).toBe(9);

    const commit = (await waitForJob(svc, await start(fileId, 'commit'))).at(-1)!;
    expect(commit.state).toBe('done');
    expect(commit.result).toMatchObject({ importId: expect.any(String), counts: { created: 6 } });
    expect(ledger.must('listPeople', {}).total).toBe(6);
    expect(unwrap(await svc.handlers.listImports({}))).toHaveLength(1);
    expect(unwrap(await svc.handlers.undoLastImport({}))).toMatchObject({ removed: 6 });
  });

  it('answers polls while it reads, with rowsRead growing to the sheet size', async () => {
    const jobId = await start(await stage(bigRoster), 'preview');
    const seen = await waitForJob(svc, jobId, 1);
    const running = seen.filter((j) => j.state === 'running');
    expect(running.length).toBeGreaterThan(2);
    const progress = running.map((j) => j.rowsRead);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBeGreaterThan(2);
    const done = seen.at(-1)!;
    // ExcelJS's streaming writer records no <dimension>, so the total is unknown here (Excel and WPS record it).
    expect(done).toMatchObject({ state: 'done', rowsRead: 5002, rowsTotal: null });
    expect(done.preview!.counts.created).toBe(5000);
  });

  it('cancels a preview between rows', async () => {
    const jobId = await start(await stage(bigRoster), 'preview');
    // Once it is reading (a fixed pause could end before the first row or, on a fast machine, after the last).
    while (unwrap(await svc.handlers.getImportJob({ jobId })).rowsRead === 0) await new Promise((r) => setTimeout(r, 1));
    const cancelled = unwrap(await svc.handlers.cancelImportJob({ jobId }));
    expect(cancelled.state).toBe('cancelled');
    await svc.idle();
    const job = unwrap(await svc.handlers.getImportJob({ jobId }));
    expect(job).toMatchObject({ state: 'cancelled', preview: null, error: null });
    expect(job.rowsRead).toBeLessThan(5002);
  });

  it('writes nothing when a commit is cancelled', async () => {
    const before = dumpTables(ledger.db);
    const jobId = await start(await stage(bigRoster), 'commit');
    const seen: number[] = [];
    for (;;) {
      const job = unwrap(await svc.handlers.getImportJob({ jobId }));
      seen.push(job.rowsRead);
      if (job.rowsRead > 500) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(unwrap(await svc.handlers.cancelImportJob({ jobId })).state).toBe('cancelled');
    await svc.idle();
    expect(unwrap(await svc.handlers.getImportJob({ jobId }))).toMatchObject({ state: 'cancelled', result: null });
    expect(dumpTables(ledger.db)).toEqual(before);
  });

  it('fails a job with the reason, in Chinese, naming the file', async () => {
    const fileId = unwrap(await svc.handlers.stageImportFile({ name: '名单.xlsx', dataBase64: Buffer.from('姓名,身份证号\n张三,1\n').toString('base64') })).fileId;
    const job = (await waitForJob(svc, await start(fileId, 'preview'))).at(-1)!;
    expect(job.state).toBe('failed');
    expect(job.error!.code).toBe('VALIDATION');
    expect(job.error!.message).toMatch(CJK);
    expect(job.error!.message).toContain('“名单.xlsx”');
  });

  it('refuses damaged uploads, unknown files and unknown jobs', async () => {
    const refuse = async (result: Result<unknown> | Promise<Result<unknown>>) => {
      const r = await result;
      if (r.ok) throw new Error('accepted');
      expect(r.error.message).toMatch(CJK);
      return r.error;
    };
    expect((await refuse(svc.handlers.stageImportFile({ name: 'a.xlsx', dataBase64: '不是base64' }))).message).toContain('传输不完整');
    expect((await refuse(svc.handlers.stageImportFile({ name: 'a.xlsx', dataBase64: '' }))).message).toContain('是空的');
    const tooBig = Buffer.alloc(MAX_IMPORT_FILE_BYTES + 1).toString('base64');
    expect((await refuse(svc.handlers.stageImportFile({ name: '大.xlsx', dataBase64: tooBig }))).message).toContain('超过了64 MB');
    expect((await refuse(svc.handlers.startRosterImport({ fileId: '01234567-89ab-7def-8123-456789abcdef', mode: 'preview' }))).code).toBe('NOT_FOUND');
    expect((await refuse(svc.handlers.getImportJob({ jobId: '01234567-89ab-7def-8123-456789abcdef' }))).code).toBe('NOT_FOUND');
  });

  it('goes through dispatch like IPC and HTTP: input checked, promise passed through', async () => {
    const handlers = { ...ledger.api, ...svc.handlers } as LedgerHandlers;
    const bad = await dispatch(handlers, 'startRosterImport', { fileId: '../../etc/passwd', mode: 'commit' });
    expect(bad.ok).toBe(false);
    const path = await writeMessyRoster(files.dir);
    const staged = await dispatch(handlers, 'stageImportFile', { name: '两委.xlsx', dataBase64: readFileSync(path).toString('base64') });
    const fileId = (staged as { ok: true; data: { fileId: string } }).data.fileId;
    const started = await dispatch(handlers, 'startRosterImport', { fileId, mode: 'preview' });
    expect(started).toMatchObject({ ok: true, data: { jobId: expect.any(String) } });
  });

  it('keeps staged files in a private folder, named by UUID, removed on dispose', async () => {
    const base = join(files.dir, 'staging-base');
    const own = createImportService(ledger.db, { stagingDir: base });
    expect(existsSync(base)).toBe(false); // nothing is created until a file is staged
    const { fileId } = unwrap(await own.handlers.stageImportFile({ name: '../../逃逸.xlsx', dataBase64: Buffer.from('x').toString('base64') }));
    const [folder, ...others] = readdirSync(base);
    expect(others).toEqual([]);
    expect(folder).toMatch(/^ledger-import-/);
    expect(readdirSync(join(base, folder!))).toEqual([`${fileId}.xlsx`]);
    own.dispose();
    expect(readdirSync(base)).toEqual([]);
  });
});
