import { join } from 'node:path';
import type { TempLedger } from '../../helpers/ledger';
import { must, seedCourse, seedRoster, stage, writeMessyWorkbook } from '../training/excelFixtures';

/** A course with a roster and one committed sign-in workbook; returns the workbook's name. */
export async function seedCourseAndImport(ledger: TempLedger): Promise<string> {
  seedRoster(ledger);
  const fx = seedCourse(ledger);
  const name = '签到汇总.xlsx';
  const file = join(ledger.dir, name);
  await writeMessyWorkbook(file);
  await must(ledger, 'commitTrainingImport', { fileId: stage(ledger, file, name), courseId: fx.course.id });
  return name;
}
