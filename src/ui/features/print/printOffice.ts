import type { Office } from '../../../shared/office';
import { fail, ok, type Result } from '../../../shared/result';
import { api } from '../../api/client';
import { i18n } from '../../i18n';

export type PrintOffice = Pick<Office, 'name' | 'code'>;

/**
 * The office a printout is made out to (填报单位, and the title where it names one): this file's own, or the
 * township a county file's list is filtered to (?office=ID), as the xlsx exports of the same list are.
 */
export async function loadPrintOffice(originOffice: string | undefined): Promise<Result<PrintOffice>> {
  const own = await api.getOffice({});
  if (!own.ok || !originOffice) return own;
  const offices = await api.listOffices({});
  if (!offices.ok) return offices;
  const found = offices.data.find((o) => o.id === originOffice);
  // An id typed into the URL by hand: an empty list under this file's own name would mislead.
  return found ? ok({ name: found.name, code: found.code }) : fail('NOT_FOUND', i18n.global.t('originOffice.unknown', { id: originOffice }));
}
