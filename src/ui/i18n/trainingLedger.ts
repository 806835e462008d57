/** UI text of the trainingLedger screens (merged into zh-CN under `trainingLedger`). */
export default {};
