// Assertions for programmer errors: a failed assert is a bug, never a user's bad input.

/** Thrown when an invariant the code relies on does not hold. */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

/** Throws an AssertionError when `condition` is false. Use for invariants, not for validating input. */
export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Marks a branch the type system proves unreachable. */
export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(`${message}: ${String(value)}`);
}
