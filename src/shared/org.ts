/** Organisation structure: administrative units and party organisations (REFERENCE §1.1). */

export const UNIT_KINDS = ['县', '乡镇', '街道', '村', '社区', '机关站所', '其他'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** What units and party organisations share: a soft-deletable node in a tree. */
interface OrgNode {
  id: string;
  parentId: string | null;
  name: string;
  sortOrder: number;
  /** Live people linked to this node (not counting those of nodes below it). */
  peopleCount: number;
  originOffice: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface Unit extends OrgNode {
  kind: UnitKind;
  /** 9-digit township or 12-digit village statistical code, if known. */
  divisionCode: string | null;
}

export const PARTY_ORG_KINDS = ['党委', '党总支', '党支部', '党小组'] as const;
export type PartyOrgKind = (typeof PARTY_ORG_KINDS)[number];

export interface PartyOrg extends OrgNode {
  kind: PartyOrgKind;
  unitId: string | null;
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
