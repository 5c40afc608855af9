// HTTP routes for reports and report schedules under /api/v1/reports: schema in, one service call, result out.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { principalOf } from '../../platform/auth/routes.js';
import { registerErrorCodes, unwrap } from '../../platform/http/errors.js';
import { reportKinds } from './inputs.js';
import type { ReportScheduler } from './scheduler.js';
import type { ReportReader, ReportRequest, ReportsService } from './service.js';

const strict = { additionalProperties: false } as const;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Kind = Type.Union(reportKinds.map((k) => Type.Literal(k)));
const Format = Type.Union(['pdf', 'xlsx', 'csv', 'html'].map((f) => Type.Literal(f)));
const Input = Type.Object(
  {},
  { additionalProperties: true, description: 'The template’s input figures; {caseId} for case_report.' },
);
const Audience = Type.String({ minLength: 1, maxLength: 50 });

registerErrorCodes({
  report_not_found: 404,
  schedule_not_found: 404,
  report_masking_level_denied: 403,
  case_not_found: 404,
  schedules_above_max: 409,
});

function readerOf(request: FastifyRequest): ReportReader {
  const p = principalOf(request);
  return { userId: p.userId, role: p.role, permissions: p.permissions };
}

/** Report routes; `reports:read` to list and download, `reports:write` to generate and schedule. */
export function reportsRoutes(service: ReportsService, scheduler?: ReportScheduler): FastifyPluginAsync {
  return async (app) => {
    if (scheduler !== undefined) {
      app.addHook('onReady', async () => scheduler.start());
      app.addHook('onClose', async () => scheduler.stop());
    }
    const read = { permission: 'reports:read' } as const;
    const write = { permission: 'reports:write' } as const;
    const tags = ['reports'];
    app.post(
      '/reports',
      {
        config: write,
        schema: {
          tags,
          description:
            'Renders a report masked for the caller’s role, stores it and announces it on channel `reports`.',
          body: Type.Object({ kind: Kind, format: Format, input: Input, audience: Type.Optional(Audience) }, strict),
        },
      },
      async (request, reply) =>
        reply.code(201).send(unwrap(await service.generate(request.body as ReportRequest, readerOf(request)))),
    );
    app.get(
      '/reports',
      {
        config: read,
        schema: {
          tags,
          querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }, strict),
        },
      },
      async (request) => ({
        items: await service.list(readerOf(request), (request.query as { limit: number }).limit),
      }),
    );
    app.get('/reports/:id/download', { config: read, schema: { tags, params: IdParams } }, async (request, reply) => {
      const { report, stream } = unwrap(await service.open((request.params as { id: string }).id, readerOf(request)));
      return reply
        .type(report.mediaType)
        .header('content-disposition', `attachment; filename="${report.fileName}"`)
        .header('x-content-sha256', report.sha256)
        .send(stream);
    });
    app.post(
      '/reports/schedules',
      {
        config: write,
        schema: {
          tags,
          body: Type.Object(
            {
              cron: Type.String({ minLength: 9, maxLength: 120 }),
              kind: Kind,
              format: Format,
              input: Input,
              audience: Type.Optional(Audience),
            },
            strict,
          ),
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            unwrap(await service.createSchedule(request.body as ReportRequest & { cron: string }, readerOf(request))),
          ),
    );
    app.get('/reports/schedules', { config: read, schema: { tags } }, async (request) => ({
      items: await service.listSchedules(readerOf(request)),
    }));
    app.delete(
      '/reports/schedules/:id',
      { config: write, schema: { tags, params: IdParams } },
      async (request, reply) => {
        unwrap(await service.deleteSchedule((request.params as { id: string }).id, readerOf(request)));
        return reply.code(204).send();
      },
    );
    app.post(
      '/reports/schedules/:id/run',
      { config: write, schema: { tags, params: IdParams } },
      async (request, reply) =>
        reply
          .code(201)
          .send(unwrap(await service.runSchedule((request.params as { id: string }).id, readerOf(request)))),
    );
  };
}
