// HTTP routes for litigation cases and evidence custody under /api/v1/examiner: schema in, one service call, result out.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { limits } from '../../kernel/index.js';
import { principalOf } from '../../platform/auth/routes.js';
import { Problem, registerErrorCodes, unwrap } from '../../platform/http/errors.js';
import { casesApiLimits } from './cases-limits.js';
import type { CaseActor, CasesService } from './cases-service.js';
import { caseStages } from './core/cases/index.js';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Id });
const Name = Type.String({ minLength: 1, maxLength: casesApiLimits.nameLengthMax });
const Note = Type.String({ maxLength: casesApiLimits.noteLengthMax });
const partyRoles = ['plaintiff', 'defendant', 'witness', 'counsel', 'investigator', 'judge', 'other'] as const;

registerErrorCodes({
  case_not_found: 404,
  evidence_not_found: 404,
  case_milestone_not_found: 404,
  document_version_not_found: 404,
  case_transition_not_allowed: 409,
  case_is_closed: 409,
  case_party_exists: 409,
  case_milestone_already_completed: 409,
  case_evidence_already_linked: 409,
  document_version_unchanged: 409,
  case_time_must_not_go_backwards: 409,
  custody_time_must_not_go_backwards: 409,
  evidence_content_missing: 410,
  document_content_missing: 410,
});

function actorOf(request: FastifyRequest): CaseActor {
  const p = principalOf(request);
  return { userId: p.userId, username: p.username };
}

// Uploads arrive as a raw stream (see the content-type parser below); anything else is refused, never buffered.
function uploadOf(request: FastifyRequest): Readable {
  if (!(request.body instanceof Readable))
    throw new Problem(
      'unsupported_media_type',
      'send the file as the body with Content-Type: application/octet-stream',
    );
  return request.body;
}

// Stored files are always sent as opaque bytes for download: a user-supplied media type such as text/html must
// never make the browser render evidence inside the application's origin.
function attachment(reply: FastifyReply, fileName: string, sha256: string) {
  const safe = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120) || 'file';
  return reply
    .type('application/octet-stream')
    .header('content-disposition', `attachment; filename="${safe}"`)
    .header('x-content-sha256', sha256);
}

/** Case and evidence routes; `cases:read` to read, `cases:write` to change. */
export function casesRoutes(cases: CasesService): FastifyPluginAsync {
  return async (app) => {
    // Hand the raw request stream to the handler: files are hashed and written as they arrive, never held whole.
    app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    const read = { permission: 'cases:read' } as const;
    const write = { permission: 'cases:write' } as const;
    const tags = ['cases'];

    app.post(
      '/examiner/cases',
      { config: write, schema: { tags, body: Type.Object({ title: Name }, strict) } },
      async (request, reply) => {
        const body = request.body as { title: string };
        return reply.code(201).send(unwrap(await cases.create(body.title, actorOf(request))));
      },
    );
    app.get(
      '/examiner/cases',
      {
        config: read,
        schema: {
          tags,
          querystring: Type.Object(
            {
              stage: Type.Optional(Type.Union(caseStages.map((s) => Type.Literal(s)))),
              limit: Type.Integer({ minimum: 1, maximum: casesApiLimits.casesPerPageMax, default: 50 }),
              offset: Type.Integer({ minimum: 0, default: 0 }),
            },
            strict,
          ),
        },
      },
      async (request) => ({
        items: await cases.list(request.query as { stage?: string; limit: number; offset: number }),
      }),
    );
    app.get('/examiner/cases/:id', { config: read, schema: { tags, params: IdParams } }, async (request) =>
      unwrap(await cases.get((request.params as { id: string }).id)),
    );
    app.post(
      '/examiner/cases/:id/transition',
      {
        config: write,
        schema: {
          tags,
          params: IdParams,
          body: Type.Object({ to: Type.String({ maxLength: 40 }), reason: Type.Optional(Note) }, strict),
        },
      },
      async (request) => {
        const body = request.body as { to: string; reason?: string };
        const { id } = request.params as { id: string };
        return unwrap(await cases.transition(id, body.to, body.reason ?? '', actorOf(request)));
      },
    );
    app.post(
      '/examiner/cases/:id/parties',
      {
        config: write,
        schema: {
          tags,
          params: IdParams,
          body: Type.Object(
            {
              name: Name,
              role: Type.Union(partyRoles.map((r) => Type.Literal(r))),
              email: Type.Optional(Type.String({ format: 'email', maxLength: casesApiLimits.emailLengthMax })),
            },
            strict,
          ),
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        return reply.code(201).send(unwrap(await cases.addParty(id, request.body as never, actorOf(request))));
      },
    );
    app.post(
      '/examiner/cases/:id/milestones',
      {
        config: write,
        schema: {
          tags,
          params: IdParams,
          body: Type.Object({ title: Name, dueDate: Type.String({ format: 'date' }) }, strict),
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        return reply.code(201).send(unwrap(await cases.addMilestone(id, request.body as never, actorOf(request))));
      },
    );
    app.post(
      '/examiner/cases/:id/milestones/:milestoneId/complete',
      { config: write, schema: { tags, params: Type.Object({ id: Id, milestoneId: Id }) } },
      async (request) => {
        const { id, milestoneId } = request.params as { id: string; milestoneId: string };
        return unwrap(await cases.completeMilestone(id, milestoneId, actorOf(request)));
      },
    );
    app.post(
      '/examiner/cases/:id/documents',
      {
        config: write,
        bodyLimit: limits.uploadBytesMax,
        schema: {
          tags,
          description: 'Adds a document version: the file is the raw body (application/octet-stream).',
          params: IdParams,
          querystring: Type.Object({ title: Name, documentId: Type.Optional(Id), note: Type.Optional(Note) }, strict),
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const meta = request.query as { title: string; documentId?: string; note?: string };
        const view = unwrap(await cases.addDocumentVersion(id, meta, uploadOf(request), actorOf(request)));
        return reply.code(201).send(view);
      },
    );
    app.get(
      '/examiner/cases/:id/documents/:documentId/versions/:version',
      {
        config: read,
        schema: { tags, params: Type.Object({ id: Id, documentId: Id, version: Type.Integer({ minimum: 1 }) }) },
      },
      async (request, reply) => {
        const { id, documentId, version } = request.params as { id: string; documentId: string; version: number };
        const doc = unwrap(await cases.openDocument(id, documentId, version));
        return attachment(reply, `${documentId}-v${version}`, doc.sha256).send(doc.stream);
      },
    );
    app.get('/examiner/cases/:id/timeline', { config: read, schema: { tags, params: IdParams } }, async (request) => ({
      items: unwrap(await cases.timeline((request.params as { id: string }).id)),
    }));
    app.get(
      '/examiner/cases/:id/report',
      {
        config: read,
        schema: {
          tags,
          description: 'The legal report of the case, masked for the caller’s role.',
          params: IdParams,
          querystring: Type.Object(
            {
              format: Type.Union(
                ['pdf', 'xlsx', 'csv', 'html'].map((f) => Type.Literal(f)),
                { default: 'pdf' },
              ),
            },
            strict,
          ),
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const { format } = request.query as { format: string };
        const r = unwrap(await cases.legalReport(id, principalOf(request).role, format));
        return reply
          .type(r.mediaType)
          .header('content-disposition', `attachment; filename="case-${id}.${format}"`)
          .send(r.bytes);
      },
    );
    registerEvidenceRoutes(app, cases);
  };
}

type Plugin = Parameters<FastifyPluginAsync>[0];

function registerEvidenceRoutes(app: Plugin, cases: CasesService) {
  const read = { permission: 'cases:read' } as const;
  const write = { permission: 'cases:write' } as const;
  const tags = ['evidence'];
  app.post(
    '/examiner/cases/:id/evidence',
    {
      config: write,
      bodyLimit: limits.uploadBytesMax,
      schema: {
        tags,
        description: 'Collects evidence: the file is the raw body (application/octet-stream), hashed as it streams.',
        params: IdParams,
        querystring: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 500 }),
            mediaType: Type.String({
              minLength: 3,
              maxLength: casesApiLimits.mediaTypeLengthMax,
              default: 'application/octet-stream',
            }),
          },
          strict,
        ),
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const meta = request.query as { title: string; mediaType: string };
      const created = unwrap(await cases.custody.collect(id, meta, uploadOf(request), actorOf(request)));
      return reply.code(201).send(created);
    },
  );
  app.get('/examiner/cases/:id/evidence', { config: read, schema: { tags, params: IdParams } }, async (request) => {
    const { id } = request.params as { id: string };
    unwrap(await cases.get(id));
    return { items: await cases.custody.list(id) };
  });
  app.get('/examiner/evidence/:id', { config: read, schema: { tags, params: IdParams } }, async (request) => {
    const { id } = request.params as { id: string };
    const item = unwrap(await cases.custody.get(id));
    return { item, custody: await cases.custody.chain(id) };
  });
  app.get('/examiner/evidence/:id/custody', { config: read, schema: { tags, params: IdParams } }, async (request) => {
    const { id } = request.params as { id: string };
    unwrap(await cases.custody.get(id));
    return { items: await cases.custody.chain(id) };
  });
  app.get(
    '/examiner/evidence/:id/custody/verify',
    { config: read, schema: { tags, params: IdParams } },
    async (request) => unwrap(await cases.custody.verify((request.params as { id: string }).id)),
  );
  app.get(
    '/examiner/evidence/:id/download',
    {
      config: read,
      schema: {
        tags,
        description: 'Streams the file and records `viewed` (default) or `exported` on its custody chain first.',
        params: IdParams,
        querystring: Type.Object(
          { purpose: Type.Union([Type.Literal('view'), Type.Literal('export')], { default: 'view' }) },
          strict,
        ),
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { purpose } = request.query as { purpose: 'view' | 'export' };
      const action = purpose === 'export' ? 'exported' : 'viewed';
      const opened = unwrap(await cases.custody.open(id, action, actorOf(request)));
      return attachment(reply, opened.item.title, opened.item.sha256)
        .header('x-evidence-media-type', opened.item.mediaType)
        .header('x-custody-seq', String(opened.custody.seq))
        .send(opened.stream);
    },
  );
  app.post(
    '/examiner/evidence/:id/transfer',
    {
      config: write,
      schema: {
        tags,
        params: IdParams,
        body: Type.Object({ toCustodian: Name, note: Type.Optional(Note) }, strict),
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as { toCustodian: string; note?: string };
      return reply.code(201).send(unwrap(await cases.custody.record(id, 'transferred', actorOf(request), body)));
    },
  );
}
