// The seed for property tests: SEED from the environment when set (so a failing run replays), else a random one.

const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

/** Seed shared by this directory's fast-check properties; failures print it as SEED=<n>. */
export const testSeed: number =
  env.SEED !== undefined && env.SEED !== '' ? Number(env.SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
