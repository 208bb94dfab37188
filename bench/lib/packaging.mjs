// @org/test-utils/packaging (TypeScript source) for the benchmark scripts.
// vitest resolves the TypeScript sources itself; plain Node needs the hook.
if (!process.env.VITEST) await import('./ts-hooks.mjs');
export const packaging = await import('@org/test-utils/packaging');
