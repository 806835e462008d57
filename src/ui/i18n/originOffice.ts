/** UI text of the origin-office filter of a county file (merged into zh-CN under `originOffice`). */
export default {
  label: '来源单位',
  all: '全部来源单位',
  self: '{name}（本单位）',
  unknown: '本数据文件中没有编号为“{id}”的来源单位，请返回重新选择',
};
