/** UI text of the activities screens (merged into zh-CN under `activities`). */
export default {};
