import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRoster } from '../../../src/core/spreadsheet/readRoster';
import { SpreadsheetError } from '../../../src/core/spreadsheet/spreadsheetError';
import { CJK } from '../../helpers/cjk';
import { makeTempDir } from '../../helpers/ledger';
import {
  toGb18030,
  writeDeclaredBomb,
  writeLyingBomb,
  writeOleFile,
  writeRatioBomb,
  writeTraversalZip,
  writeWordLikeZip,
} from '../../fixtures/buildBadFiles';
import { writeMessyRoster } from '../../fixtures/buildRosterWorkbooks';

/** Files that must be refused before anything is parsed, each with a Chinese reason naming the file. */

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir();
});
afterAll(() => temp.cleanup());

async function refusal(name: string, write: (path: string) => void | Promise<unknown>): Promise<SpreadsheetError> {
  const path = join(temp.dir, name);
  await write(path);
  try {
    for await (const _ of readRoster(path, name)) {
      // reading is the test
    }
  } catch (error) {
    expect(error).toBeInstanceOf(SpreadsheetError);
    const e = error as SpreadsheetError;
    expect(e.message).toMatch(CJK);
    expect(e.message).toContain(`“${name}”`);
    return e;
  }
  throw new Error(`${name} was read`);
}

describe('refused files', () => {
  it('refuses a zip bomb by its declared size, by its ratio, and by what it really inflates to', async () => {
    expect((await refusal('炸弹.xlsx', writeDeclaredBomb)).message).toMatch(/解压后有600 MB.*压缩炸弹/);
    expect((await refusal('比例.xlsx', writeRatioBomb)).message).toMatch(/压缩比异常.*压缩炸弹/);
    expect((await refusal('谎报.xlsx', writeLyingBomb)).message).toMatch(/解压后的大小与文件记录不符.*压缩炸弹/);
  });

  it('refuses entries that climb out of the folder', async () => {
    expect((await refusal('路径.xlsx', writeTraversalZip)).message).toContain('可疑的路径“xl/../../evil.txt”');
  });

  it('explains .xls and password-protected files', async () => {
    expect((await refusal('旧表.xls', writeOleFile)).message).toContain('另存为“Excel 工作簿（*.xlsx）”');
  });

  it('explains a CSV renamed to .xlsx, in UTF-8 or GBK', async () => {
    const csv = '姓名,身份证号\r\n张三,110101198001010010\r\n';
    expect((await refusal('改名.xlsx', (p) => writeFileSync(p, csv))).message).toContain('请把扩展名改为 .csv');
    expect((await refusal('国标.xlsx', (p) => writeFileSync(p, toGb18030(csv)))).message).toContain('内容是文本（CSV）');
  });

  it('refuses garbage, an empty file, a web page, a Word document and a truncated workbook', async () => {
    expect((await refusal('乱码.xlsx', (p) => writeFileSync(p, Buffer.from([0, 1, 2, 3, 0xff, 0, 7, 9])))).message).toContain('无法识别其格式');
    expect((await refusal('空.xlsx', (p) => writeFileSync(p, ''))).message).toContain('是空的');
    expect((await refusal('网页.xls', (p) => writeFileSync(p, '<html><table><tr><td>张三</td></tr></table></html>'))).message).toContain('网页');
    expect((await refusal('文档.xlsx', writeWordLikeZip)).message).toContain('Word 文档');
    const whole = readFileSync(await writeMessyRoster(temp.dir));
    expect((await refusal('半截.xlsx', (p) => writeFileSync(p, whole.subarray(0, Math.floor(whole.length / 2))))).message).toContain('已损坏或不完整');
  });
});
