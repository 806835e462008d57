/** UI text of the trainingExcel screens (merged into zh-CN under `trainingExcel`). */
export default {};
