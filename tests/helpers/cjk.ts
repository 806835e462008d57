/** Every message a clerk sees must be Chinese: at least one CJK ideograph. Use with `expect(msg).toMatch(CJK)`. */
export const CJK = /[\u3400-\u9fff]/;
