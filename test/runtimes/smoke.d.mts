export function smoke(omnigate: unknown, baseURL: string): Promise<Record<string, unknown>>;
export const expected: Record<string, unknown>;
export const expectedInBrowsers: Record<string, unknown>;
