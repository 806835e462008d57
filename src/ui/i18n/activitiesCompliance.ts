/** UI text of the activitiesCompliance screens (merged into zh-CN under `activitiesCompliance`). */
export default {};
