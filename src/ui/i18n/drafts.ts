/** UI text of kept drafts: the prompt that offers one back (merged into zh-CN under `drafts`). */
export default {
  offer: '有未保存的草稿（保存于 {time}）',
  offerPaste: '有上次粘贴后未保存的 {n} 行草稿（保存于 {time}）',
  offerHint: '上次关闭窗口或程序前没有保存。恢复后请核对再保存。',
  stale: '注意：草稿开始之后，这条记录已被修改过（可能是在其他窗口或通过导入）。恢复草稿并保存会覆盖这些修改。',
  restore: '恢复草稿',
  discard: '放弃草稿',
  restored: '已恢复草稿，请核对后保存',
  discarded: '已放弃草稿',
  confirmReplace: '表格中还有 {n} 行没有保存，恢复草稿会用草稿替换它们。确定恢复吗？',
  timeOtherDay: '{month}月{day}日 {hm}',
};
