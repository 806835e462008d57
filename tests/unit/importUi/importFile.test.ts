import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_FILE_BYTES } from '../../../src/shared/contract';
import { formatSize, refuseFile, toBase64 } from '../../../src/ui/features/import/importFile';

/** The import wizard's file handling before anything reaches the core. */

describe('toBase64', () => {
  it('matches Node’s encoding at every chunk boundary, and does not overflow the stack on a large file', () => {
    for (const size of [0, 1, 2, 3, 4, 3 * 0x4000 - 1, 3 * 0x4000, 3 * 0x4000 + 1, 5 * 0x4000 + 7]) {
      const bytes = randomBytes(size);
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      expect(toBase64(buffer), `size ${size}`).toBe(bytes.toString('base64'));
    }
    const big = randomBytes(8 * 1024 * 1024);
    expect(toBase64(big.buffer.slice(big.byteOffset, big.byteOffset + big.byteLength))).toBe(big.toString('base64'));
  });
});

describe('refuseFile', () => {
  it('accepts .xlsx and .csv in any letter case', () => {
    expect(refuseFile({ name: '花名册.xlsx', size: 10 })).toBeNull();
    expect(refuseFile({ name: 'ROSTER.CSV', size: 10 })).toBeNull();
  });

  it('names the reason: old format, wrong type, empty, too large', () => {
    expect(refuseFile({ name: '旧表.xls', size: 10 })?.key).toBe('import.file.oldFormat');
    expect(refuseFile({ name: '旧表.et', size: 10 })?.key).toBe('import.file.oldFormat');
    expect(refuseFile({ name: '名单.docx', size: 10 })?.key).toBe('import.file.wrongType');
    expect(refuseFile({ name: '空.xlsx', size: 0 })?.key).toBe('import.file.empty');
    expect(refuseFile({ name: '大.xlsx', size: MAX_IMPORT_FILE_BYTES + 1 })).toEqual({
      key: 'import.file.tooLarge',
      params: { name: '大.xlsx', size: '64.1', max: '64' },
    });
  });

  it('shows sizes as Explorer does', () => {
    expect(formatSize(300)).toBe('1 KB');
    expect(formatSize(285 * 1024)).toBe('285 KB');
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });
});
