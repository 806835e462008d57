/** UI text of the training screens (merged into zh-CN under `training`). */
export default {};
