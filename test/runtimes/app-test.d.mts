export function appTest(omnigate: unknown, testing: unknown): Promise<Record<string, unknown>>;
export const expectedAppTest: Record<string, unknown>;
