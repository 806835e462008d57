import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';

/**
 * ExcelJS, loaded on first use: it is about 200 modules and most of a second to load, and the app should start
 * without it (a clerk opening the roster never needs it). Types are imported statically; only this loads the code.
 */
let loaded: typeof ExcelJSModule | undefined;

export function excel(): typeof ExcelJSModule {
  loaded ??= createRequire(import.meta.url)('exceljs') as typeof ExcelJSModule;
  return loaded;
}
