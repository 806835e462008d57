import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { SpreadsheetError } from './spreadsheetError';

/**
 * Decides what a file really is from its first bytes, not its name: clerks rename files, WPS saves .et,
 * old offices still send .xls, and some "Excel" files are web pages. Each refusal says what to do instead.
 */

export type FileKind = 'xlsx' | 'csv';

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export async function sniffFileKind(path: string, fileName: string): Promise<FileKind> {
  const handle = await open(path, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    head = Buffer.alloc(Math.min(size, 4096));
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  const quoted = `文件“${fileName}”`;
  if (size === 0) throw new SpreadsheetError(`${quoted}是空的（0 字节），请检查是否拷贝完整`);
  if (head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) return 'xlsx';
  if (head.subarray(0, 8).equals(OLE)) {
    throw new SpreadsheetError(`${quoted}是旧版 Excel（.xls）或 WPS（.et）格式，或者设置了打开密码，无法直接读取。请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”（如有密码请先取消）后再导入`);
  }
  if (head.subarray(0, 4).toString('latin1') === '%PDF') throw new SpreadsheetError(`${quoted}是 PDF 文件，不是表格。请向对方索要 Excel（.xlsx）文件`);
  const text = head.toString('latin1').replace(/^\xef\xbb\xbf/, '').trimStart().toLowerCase();
  if (text.startsWith('<')) {
    throw new SpreadsheetError(`${quoted}实际是网页或 XML 格式（扩展名被改成了表格），无法直接读取。请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再导入`);
  }
  const ext = extname(fileName).toLowerCase();
  const binary = head.includes(0) && !(head[0] === 0xff && head[1] === 0xfe);
  if ((ext === '.csv' || ext === '.txt') && !binary) return 'csv';
  if (!binary) {
    throw new SpreadsheetError(`${quoted}的内容是文本（CSV），不是 Excel 工作簿。如果是 CSV 文件，请把扩展名改为 .csv 后再导入，或在 Excel/WPS 中另存为“Excel 工作簿（*.xlsx）”`);
  }
  throw new SpreadsheetError(`${quoted}不是 Excel 工作簿（.xlsx），无法识别其格式`);
}
