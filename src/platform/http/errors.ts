// One catalogue of error codes: every failure leaves the API as application/problem+json with a stable code.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Err } from '../../kernel/index.js';
import { patternMessage } from './patterns.js';

/** HTTP status per code; codes not listed are client errors (400). Modules add theirs with `registerErrorCodes`. */
const statusByCode = new Map<string, number>([
  ['validation_failed', 400],
  ['unauthenticated', 401],
  ['invalid_credentials', 401],
  ['mfa_required', 401],
  ['mfa_invalid', 401],
  ['password_incorrect', 403],
  ['account_locked', 423],
  ['account_disabled', 403],
  ['token_expired', 401],
  ['token_invalid', 401],
  ['api_key_invalid', 401],
  ['api_key_expired', 401],
  ['refresh_token_invalid', 401],
  ['refresh_token_reused', 401],
  ['forbidden', 403],
  ['not_found', 404],
  ['user_not_found', 404],
  ['api_key_not_found', 404],
  ['username_taken', 409],
  ['idempotency_key_reused', 409],
  ['conflict', 409],
  ['payload_too_large', 413],
  ['unsupported_media_type', 415],
  ['rate_limited', 429],
  ['not_ready', 503],
  ['internal_error', 500],
]);

/** Lets a module declare the HTTP status of its own codes (default 400). */
export function registerErrorCodes(codes: Record<string, number>): void {
  for (const [code, status] of Object.entries(codes)) statusByCode.set(code, status);
}

/** The status a code maps to. */
export function statusOf(code: string): number {
  return statusByCode.get(code) ?? 400;
}

/** A problem to send to the client: thrown from handlers, rendered by the error handler. */
export class Problem extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
    readonly status = statusOf(code),
    readonly errors?: { field: string; code: string; message: string }[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? code);
    this.name = 'Problem';
  }

  /** Turns a typed failure from a service into a Problem. */
  static from(failure: Err): Problem {
    const errors = failure.field
      ? [{ field: failure.field, code: failure.code, message: failure.detail ?? failure.code }]
      : undefined;
    return new Problem(failure.code, failure.detail, statusOf(failure.code), errors);
  }
}

/** Returns the value of a successful result or throws its failure as a Problem. */
export function unwrap<T>(result: { ok: true; value: T } | Err): T {
  if (!result.ok) throw Problem.from(result);
  return result.value;
}

/** One schema validation error as Ajv reports it. */
interface AjvError {
  instancePath: string;
  message?: string;
  keyword: string;
  params?: Record<string, unknown>;
}

/**
 * A field that must be one of several constants (a union of literals) fails every branch: Ajv reports one `const`
 * error per choice and an `anyOf` after them. Those become one `enum` error listing the choices; a union with other
 * kinds of branch keeps Ajv's errors.
 */
function collapseChoices(validation: readonly AjvError[]): AjvError[] {
  const choices = new Map<string, unknown[] | null>();
  for (const v of validation) {
    if (v.keyword === 'anyOf') continue;
    const seen = choices.get(v.instancePath);
    if (v.keyword === 'const' && seen !== null) choices.set(v.instancePath, [...(seen ?? []), v.params?.allowedValue]);
    else choices.set(v.instancePath, null);
  }
  const collapsible = (path: string) =>
    (choices.get(path)?.length ?? 0) > 0 && validation.some((v) => v.keyword === 'anyOf' && v.instancePath === path);
  const out: AjvError[] = [];
  for (const v of validation) {
    if (!collapsible(v.instancePath)) out.push(v);
    else if (v.keyword === 'anyOf') {
      const values = (choices.get(v.instancePath) as unknown[]).map(String).join(', ');
      out.push({ instancePath: v.instancePath, keyword: 'enum', message: `must be one of: ${values}` });
    }
  }
  return out;
}

/** Writes a problem+json body. */
export function sendProblem(reply: FastifyReply, problem: Problem, instance?: string): FastifyReply {
  if (problem.headers) reply.headers(problem.headers);
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      // A reference this server resolves (GET /problems/:code), not a domain the project does not own.
      type: `/problems/${problem.code}`,
      title: STATUS_CODES[problem.status] ?? 'Error',
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      instance,
      errors: problem.errors,
    });
}

/** Fastify's error handler: maps validation, parser, rate-limit and unknown errors; never leaks a stack trace. */
export function errorHandler(error: FastifyError | Problem, request: FastifyRequest, reply: FastifyReply) {
  const instance = request.id;
  if (error instanceof Problem) return sendProblem(reply, error, instance);
  const fe = error as FastifyError & { validation?: AjvError[] };
  if (fe.validation) {
    const errors = collapseChoices(fe.validation).map((v) => {
      // A missing or unknown property is named as the field itself ("clientOrderId: is required"), not as its
      // parent object ("body: must have required property 'clientOrderId'").
      const named =
        v.keyword === 'required'
          ? v.params?.missingProperty
          : v.keyword === 'additionalProperties'
            ? v.params?.additionalProperty
            : undefined;
      const extra = named === undefined ? '' : `/${String(named)}`;
      const field =
        `${v.instancePath}${extra}`.replace(/^\//, '').replaceAll('/', '.') || (fe.validationContext ?? 'body');
      const message =
        v.keyword === 'required'
          ? 'is required'
          : v.keyword === 'additionalProperties'
            ? 'is not a field of this request'
            : ((v.keyword === 'pattern' ? patternMessage(v.params?.pattern) : undefined) ?? v.message ?? v.keyword);
      return { field, code: v.keyword, message };
    });
    return sendProblem(
      reply,
      new Problem('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), 400, errors),
      instance,
    );
  }
  const status = fe.statusCode ?? 500;
  if (status === 429) return sendProblem(reply, new Problem('rate_limited', 'too many requests', 429), instance);
  if (status === 413) return sendProblem(reply, new Problem('payload_too_large', fe.message, 413), instance);
  if (status === 415) return sendProblem(reply, new Problem('unsupported_media_type', fe.message, 415), instance);
  if (status >= 400 && status < 500) {
    const code =
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code?.startsWith('FST_ERR_CTP')
        ? 'body_invalid'
        : 'bad_request';
    return sendProblem(reply, new Problem(code, fe.message, status), instance);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(
    reply,
    new Problem('internal_error', 'an unexpected error occurred; quote the instance id', 500),
    instance,
  );
}
