/**
 * 人员类别 offered in the roster (REFERENCE §3.7, not a national standard). Free text is still accepted,
 * because townships keep local categories.
 */
export const PERSON_CATEGORIES = [
  '乡镇公务员',
  '乡镇参公人员',
  '乡镇事业编人员',
  '村（社区）两委成员',
  '驻村第一书记',
  '驻村工作队员',
  '村级后备干部',
  '致富带头人',
  '结对帮扶干部',
  '大学生村官/选调生',
] as const;
