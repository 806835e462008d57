import { describe, expect, it } from 'vitest';
import { detectColumns } from '../../../src/core/spreadsheet/detectHeader';
import { HEADER_SYNONYMS, matchHeader } from '../../../src/shared/headerSynonyms';
import { detectHeader, fieldForHeader } from '../../../src/ui/features/paste/pasteColumns';

/**
 * One table of header words (src/shared/headerSynonyms.ts) serves the Excel import and the paste grid, so
 * a roster's header row means the same whether the clerk imports the workbook or pastes its rows.
 */
describe('header synonyms, shared by the import and the paste grid', () => {
  it('the paste grid knows every word the import knows, with the same field', () => {
    for (const [word, field] of Object.entries(HEADER_SYNONYMS)) {
      expect(matchHeader(word), word).toEqual({ field });
      expect(fieldForHeader(word), word).toBe(field);
    }
  });

  it('the paste grid reads titles as the import does: full-width forms, stars, colons and notes in brackets', () => {
    expect(detectHeader(['＊姓名', '身份证号码（18位）', '所在村【社区】', '出生年月(年龄)'])).toEqual(['name', 'idNumber', 'unit', 'birthDate']);
    expect(fieldForHeader('联系电话：')).toBe('phone');
    expect(fieldForHeader('ＩＤ')).toBeNull();
  });

  it('maps a header row to the same fields in both', () => {
    const header = ['序号', '姓 名', '公民身份号码', '性别', '文化程度', '所在村（社区）', '现任职务', '手机号码', '*民族', '单位', '备注：'];
    // detectColumns takes 1-based cells, as a sheet row gives them.
    const imported = detectColumns([undefined, ...header]).map((c) => c.field);
    expect(detectHeader(header)).toEqual(imported);
  });
});
