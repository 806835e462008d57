import { PARTY_ORG_KINDS, type PartyOrgKind, type UnitKind } from '../../../shared/org';

/** The usual kind one level down, so "新增下级" under a 乡镇 starts as a 村 (the clerk can change it). */
export function childUnitKind(parent: UnitKind | null): UnitKind {
  if (parent === null || parent === '县') return '乡镇';
  if (parent === '乡镇') return '村';
  if (parent === '街道') return '社区';
  // Below a village or an office: 村民小组, 站所 … have no kind of their own.
  return '其他';
}

/** 党委 → 党总支 → 党支部 → 党小组: a new child starts one level below its parent. */
export function childPartyOrgKind(parent: PartyOrgKind | null): PartyOrgKind {
  if (parent === null) return '党委';
  return PARTY_ORG_KINDS[PARTY_ORG_KINDS.indexOf(parent) + 1] ?? '党小组';
}
