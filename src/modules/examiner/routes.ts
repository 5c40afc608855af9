// HTTP routes of the Examiner: streamed imports, reconciliation workbench, fraud queue and POV analyses.
import type { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { limits } from '../../kernel/index.js';
import { principalOf } from '../../platform/auth/routes.js';
import { Problem, unwrap } from '../../platform/http/errors.js';
import { patterned } from '../../platform/http/patterns.js';
import { povRoles } from './core/pov/index.js';
import { configView } from './fraud-service.js';
import { BankMappingSchema, ExpenseMappingSchema, formatsByKind, type ImportParams } from './import-service.js';
import { examinerLimits } from './limits.js';
import type { Examiner } from './service.js';

const strict = { additionalProperties: false } as const;
const read = { permission: 'examiner:read' } as const;
const write = { permission: 'examiner:write' } as const;
const Uuid = patterned('^[0-9a-fA-F-]{36}$', 'an id of 36 hexadecimal digits and dashes (a UUID)');
const IdParams = Type.Object({ id: Uuid }, strict);
const IsoDate = patterned('^\\d{4}-\\d{2}-\\d{2}$', 'a date written YYYY-MM-DD');
const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: examinerLimits.pageSizeMax })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
};
const MappingName = patterned('^[A-Za-z0-9 ._-]+$', 'a name of letters, digits, spaces, dots, dashes and underscores', {
  minLength: 1,
  maxLength: examinerLimits.mappingNameCharsMax,
});
const ImportQuery = Type.Object(
  {
    kind: Type.Union([Type.Literal('bank'), Type.Literal('expenses')]),
    format: Type.Union([...new Set(Object.values(formatsByKind).flat())].map((f) => Type.Literal(f))),
    account: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
    mapping: Type.Optional(MappingName),
    mappingJson: Type.Optional(Type.String({ maxLength: examinerLimits.mappingJsonCharsMax })),
  },
  strict,
);
const ItemQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('unmatched'), Type.Literal('matched')])),
    account: Type.Optional(Type.String({ maxLength: 100 })),
    currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    ...Page,
  },
  strict,
);
const RunBody = Type.Object(
  {
    account: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    options: Type.Optional(
      Type.Object(
        {
          amountTolerancePct: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
          amountToleranceMinorMin: Type.Optional(
            patterned('^[0-9]{1,12}$', 'a whole number of minor units, up to 12 digits'),
          ),
          lagDaysMin: Type.Optional(Type.Integer({ minimum: -60, maximum: 0 })),
          lagDaysMax: Type.Optional(Type.Integer({ minimum: 0, maximum: 90 })),
          autoMatchConfidenceMin: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          nearTieMargin: Type.Optional(Type.Number({ minimum: 0, maximum: 50 })),
        },
        strict,
      ),
    ),
  },
  strict,
);
const uploadTypes = [
  'text/csv',
  'text/plain',
  'text/xml',
  'application/xml',
  'application/octet-stream',
  'application/x-ofx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** Counts bytes as they stream by and fails once the upload exceeds `max`; nothing is buffered. */
async function* limitedBody(stream: Readable, max: number): AsyncGenerator<Buffer> {
  let seen = 0;
  // destroyOnReturn: false, so a preview that stops early leaves the request open for its response.
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    seen += (chunk as Buffer).length;
    if (seen > max) throw new Problem('payload_too_large', `uploads are limited to ${max} bytes`);
    yield chunk as Buffer;
  }
}

/** The upload of an import request, as a stream; JSON or empty bodies are refused. */
function uploadOf(request: FastifyRequest): AsyncGenerator<Buffer> {
  const body = request.body as Readable | undefined;
  if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') {
    throw new Problem('unsupported_media_type', `send the file as the body with one of: ${uploadTypes.join(', ')}`);
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limits.uploadBytesMax)
    throw new Problem('payload_too_large', `uploads are limited to ${limits.uploadBytesMax} bytes`);
  return limitedBody(body, limits.uploadBytesMax);
}

const page = (q: { limit?: number; offset?: number }) => ({
  limit: q.limit ?? examinerLimits.pageSizeDefault,
  offset: q.offset ?? 0,
});

/** The Examiner's routes under /api/v1/examiner. */
export function examinerRoutes(examiner: Examiner): FastifyPluginAsync {
  return async (app) => {
    // Uploads reach the importers as the raw request stream, never as one buffered body.
    app.removeContentTypeParser(['text/plain']);
    app.addContentTypeParser(uploadTypes, (_request, payload, done) => done(null, payload));
    const uploadRoute = {
      config: write,
      bodyLimit: limits.uploadBytesMax,
      schema: { tags: ['examiner'], querystring: ImportQuery },
    };

    app.post('/examiner/imports', uploadRoute, async (request, reply) => {
      const source = uploadOf(request);
      const summary = unwrap(
        await examiner.imports.importFile(request.query as ImportParams, source, principalOf(request).userId),
      );
      return reply.code(201).send(summary);
    });
    app.post('/examiner/imports/preview', uploadRoute, async (request) => {
      const source = uploadOf(request);
      const result = unwrap(await examiner.imports.preview(request.query as ImportParams, source));
      (request.body as Readable).resume(); // discard what the preview did not read
      return result;
    });
    app.get(
      '/examiner/imports',
      { config: read, schema: { tags: ['examiner'], querystring: Type.Object(Page, strict) } },
      async (request) => {
        const q = page(request.query as { limit?: number; offset?: number });
        return { items: await examiner.imports.listBatches(q.limit, q.offset) };
      },
    );
    app.get(
      '/examiner/imports/:id',
      { config: read, schema: { tags: ['examiner'], params: IdParams } },
      async (request) => unwrap(await examiner.imports.getBatch((request.params as { id: string }).id)),
    );
    app.get('/examiner/bank-mappings', { config: read, schema: { tags: ['examiner'] } }, async () => ({
      items: await examiner.imports.listMappings(),
    }));
    app.get(
      '/examiner/bank-mappings/:name',
      { config: read, schema: { tags: ['examiner'], params: Type.Object({ name: MappingName }, strict) } },
      async (request) => unwrap(await examiner.imports.getMapping((request.params as { name: string }).name)),
    );
    app.put(
      '/examiner/bank-mappings/:name',
      {
        config: write,
        schema: {
          tags: ['examiner'],
          params: Type.Object({ name: MappingName }, strict),
          body: Type.Object({ mapping: Type.Union([BankMappingSchema, ExpenseMappingSchema]) }, strict),
        },
      },
      async (request) =>
        unwrap(
          await examiner.imports.saveMapping(
            (request.params as { name: string }).name,
            (request.body as { mapping: unknown }).mapping,
            principalOf(request).userId,
          ),
        ),
    );

    app.get(
      '/examiner/bank-lines',
      { config: read, schema: { tags: ['examiner'], querystring: ItemQuery } },
      async (request) => {
        const q = request.query as Record<string, string> & { limit?: number; offset?: number };
        return examiner.reconcile.listBankLines({ ...q, ...page(q) });
      },
    );
    app.get(
      '/examiner/expenses',
      { config: read, schema: { tags: ['examiner'], querystring: ItemQuery } },
      async (request) => {
        const q = request.query as Record<string, string> & { limit?: number; offset?: number };
        return examiner.reconcile.listExpenses({ ...q, ...page(q) });
      },
    );
    app.post(
      '/examiner/reconciliations',
      { config: write, schema: { tags: ['examiner'], body: RunBody } },
      async (request, reply) => {
        const run = unwrap(await examiner.reconcile.run((request.body ?? {}) as never, principalOf(request).userId));
        return reply.code(201).send(run);
      },
    );
    app.get(
      '/examiner/reconciliations',
      { config: read, schema: { tags: ['examiner'], querystring: Type.Object(Page, strict) } },
      async (request) => {
        const q = page(request.query as { limit?: number; offset?: number });
        return { items: await examiner.reconcile.listRuns(q.limit, q.offset) };
      },
    );
    app.get(
      '/examiner/reconciliations/:id',
      { config: read, schema: { tags: ['examiner'], params: IdParams, querystring: Type.Object(Page, strict) } },
      async (request) => {
        const q = page(request.query as { limit?: number; offset?: number });
        return unwrap(await examiner.reconcile.getRun((request.params as { id: string }).id, q.limit, q.offset));
      },
    );
    app.post(
      '/examiner/matches/:id/confirm',
      { config: write, schema: { tags: ['examiner'], params: IdParams } },
      async (request) =>
        unwrap(await examiner.reconcile.confirm((request.params as { id: string }).id, principalOf(request).userId)),
    );
    app.post(
      '/examiner/matches/:id/reject',
      { config: write, schema: { tags: ['examiner'], params: IdParams } },
      async (request) =>
        unwrap(await examiner.reconcile.reject((request.params as { id: string }).id, principalOf(request).userId)),
    );

    app.post(
      '/examiner/fraud/runs',
      {
        config: write,
        schema: {
          tags: ['examiner'],
          body: Type.Object(
            {
              currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
              seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 })),
            },
            strict,
          ),
        },
      },
      async (request, reply) => {
        const run = unwrap(await examiner.fraud.run((request.body ?? {}) as never, principalOf(request).userId));
        return reply.code(201).send(run);
      },
    );
    app.get(
      '/examiner/fraud/runs',
      { config: read, schema: { tags: ['examiner'], querystring: Type.Object(Page, strict) } },
      async (request) => {
        const q = page(request.query as { limit?: number; offset?: number });
        return { items: await examiner.fraud.listRuns(q.limit, q.offset) };
      },
    );
    app.get(
      '/examiner/fraud/flags',
      {
        config: read,
        schema: {
          tags: ['examiner'],
          querystring: Type.Object(
            {
              runId: Type.Optional(Uuid),
              status: Type.Optional(
                Type.Union(['open', 'confirmed_fraud', 'false_positive'].map((s) => Type.Literal(s))),
              ),
              priority: Type.Optional(Type.Union(['low', 'medium', 'high', 'critical'].map((s) => Type.Literal(s)))),
              ...Page,
            },
            strict,
          ),
        },
      },
      async (request) => {
        const q = request.query as {
          runId?: string;
          status?: string;
          priority?: string;
          limit?: number;
          offset?: number;
        };
        return examiner.fraud.listFlags({ ...q, ...page(q) });
      },
    );
    app.post(
      '/examiner/fraud/flags/:id/feedback',
      {
        config: write,
        schema: {
          tags: ['examiner'],
          params: IdParams,
          body: Type.Object(
            { label: Type.Union([Type.Literal('confirmed_fraud'), Type.Literal('false_positive')]) },
            strict,
          ),
        },
      },
      async (request) =>
        unwrap(
          await examiner.fraud.feedback(
            (request.params as { id: string }).id,
            (request.body as { label: 'confirmed_fraud' | 'false_positive' }).label,
            principalOf(request).userId,
          ),
        ),
    );
    app.post('/examiner/fraud/reweight', { config: write, schema: { tags: ['examiner'] } }, async (request, reply) => {
      const result = unwrap(await examiner.fraud.reweight(principalOf(request).userId));
      return reply.code(201).send(result);
    });
    app.get('/examiner/fraud/config', { config: read, schema: { tags: ['examiner'] } }, async () =>
      configView(await examiner.fraud.currentConfig()),
    );

    // A POV analysis only reads stored results, so every examiner:read role may run its own point of view.
    app.post(
      '/examiner/pov-analyses',
      {
        config: read,
        schema: {
          tags: ['examiner'],
          body: Type.Object(
            {
              role: Type.Optional(Type.Union(povRoles.map((r) => Type.Literal(r)))),
              scope: Type.Optional(
                Type.Object({ fraudRunId: Type.Optional(Uuid), reconciliationRunId: Type.Optional(Uuid) }, strict),
              ),
            },
            strict,
          ),
        },
      },
      async (request, reply) => {
        const p = principalOf(request);
        const result = unwrap(await examiner.pov.analyse((request.body ?? {}) as never, p.role, p.userId));
        return reply.code(201).send(result);
      },
    );
    app.get(
      '/examiner/pov-analyses',
      {
        config: read,
        schema: {
          tags: ['examiner'],
          querystring: Type.Object(
            { role: Type.Optional(Type.Union(povRoles.map((r) => Type.Literal(r)))), ...Page },
            strict,
          ),
        },
      },
      async (request) => {
        const q = request.query as { role?: string; limit?: number; offset?: number };
        return { items: await examiner.pov.list({ ...q, ...page(q) }) };
      },
    );
  };
}
