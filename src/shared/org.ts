/** Organisation structure: administrative units and party organisations (REFERENCE §1.1). */

export const UNIT_KINDS = ['县', '乡镇', '街道', '村', '社区', '机关站所', '其他'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: string;
  parentId: string | null;
  name: string;
  kind: UnitKind;
  /** 9-digit township or 12-digit village statistical code, if known. */
  divisionCode: string | null;
  sortOrder: number;
  /** Live people whose unitId is this unit (not counting sub-units). */
  peopleCount: number;
  originOffice: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export const PARTY_ORG_KINDS = ['党委', '党总支', '党支部', '党小组'] as const;
export type PartyOrgKind = (typeof PARTY_ORG_KINDS)[number];

export interface PartyOrg {
  id: string;
  parentId: string | null;
  name: string;
  kind: PartyOrgKind;
  unitId: string | null;
  sortOrder: number;
  peopleCount: number;
  originOffice: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** One row of a person's post history (任职经历). Open rows (no end date) are the current posts. */
export interface Post {
  id: string;
  personId: string;
  title: string;
  unitId: string | null;
  unitName: string | null;
  startDate: string | null;
  endDate: string | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}
