import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import '@fastify/multipart';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CONNECTORS, findConnector } from '../../../connectors/registry.ts';
import { AS_OF_OPTION } from '../../../connectors/table-file.ts';
import { BadRequestError, NotFoundError } from '../../api/errors.ts';
import { jobFromLog, type ImportJob, type JobEvent } from '../../api/import-jobs.ts';
import { uploadFolder } from '../../api/upload-folders.ts';
import { ImportsSchema, JobSchema } from '../../api/responses.ts';
import { errorResponses } from '../../api/schemas.ts';
import {
  presentImports,
  presentJob,
  importText,
  presentJobEvent,
} from '../../access/present-imports.ts';
import { readImports } from '../../store/queries.ts';

const imports: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { roles: ['admin', 'analyst'] },
      schema: {
        summary: 'The history of imports, with counts, skip reasons and errors',
        tags: ['imports'],
        response: { 200: ImportsSchema, ...errorResponses },
      },
    },
    async (request) => ({
      imports: presentImports((await readImports(app.store)).reverse(), request.viewer),
      connectors: CONNECTORS.map(({ id, description, accepts }) => ({ id, description, accepts })),
    }),
  );

  app.post(
    '/',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Upload a file and import it with a connector',
        description:
          'multipart/form-data with one file (a Slack export .zip, an interactions CSV or NDJSON, ' +
          'an org chart or alias CSV). The import runs in the background, one at a time; follow ' +
          'it at `events` (server-sent events: progress, then succeeded or failed). A failed ' +
          'import changes nothing.',
        tags: ['imports'],
        consumes: ['multipart/form-data'],
        querystring: Type.Object({
          connector: Type.String({ description: CONNECTORS.map((c) => c.id).join(', ') }),
          asOf: Type.Optional(
            Type.String({
              description:
                'org-chart only: the date the chart takes effect, YYYY-MM-DD (default: today, UTC)',
            }),
          ),
        }),
        response: { 202: JobSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const connector = findConnector(request.query.connector);
      if (!connector) {
        const error = new BadRequestError(
          `unknown connector "${request.query.connector}"; use ${CONNECTORS.map((c) => c.id).join(', ')}`,
        );
        throw Object.assign(error, { field: 'connector' });
      }
      const { asOf } = request.query;
      if (asOf !== undefined && connector.id !== 'org-chart') {
        const error = new BadRequestError('asOf is for org-chart imports only');
        throw Object.assign(error, { field: 'asOf' });
      }
      const options = asOf === undefined ? {} : { [AS_OF_OPTION]: asOf };
      const file = await request.file().catch((error: unknown) => {
        throw brokenUpload(error);
      });
      if (!file) throw new BadRequestError('send the file to import as multipart/form-data');
      // Ids stay unique across restarts, so an old id never names another upload.
      const id = randomUUID().slice(0, 13);
      const dir = await uploadFolder(id);
      const name = basename(file.filename || 'upload').replace(/[^\w.-]+/g, '_') || 'upload';
      const path = join(dir, name);
      try {
        await pipeline(file.file, createWriteStream(path)).catch((error: unknown) => {
          throw brokenUpload(error);
        });
        if (file.file.truncated) {
          throw new BadRequestError(
            `the file is larger than the ${app.config.maxUploadBytes} bytes this server accepts`,
          );
        }
        await connector.validate({ path, options });
      } catch (error) {
        await rm(dir, { recursive: true, force: true });
        // The connector names the file it read: the staging folder is no one's business.
        if (error instanceof Error) error.message = importText(error.message, request.viewer);
        throw error;
      }
      const job = app.imports.start(connector, { path, options }, name, dir, id);
      return reply.status(202).send(presentJob(job, request.viewer));
    },
  );

  app.get(
    '/jobs/:id',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Where an uploaded import is',
        tags: ['imports'],
        params: Type.Object({ id: Type.String() }),
        response: { 200: JobSchema, 404: Type.Ref('Problem'), ...errorResponses },
      },
    },
    async (request) => presentJob(await jobOf(request.params.id), request.viewer),
  );

  app.get(
    '/jobs/:id/events',
    {
      config: { roles: ['admin'] },
      schema: {
        summary: 'Server-sent events of an uploaded import: progress, then succeeded or failed',
        tags: ['imports'],
        params: Type.Object({ id: Type.String() }),
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const job = await jobOf(request.params.id);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = (event: JobEvent) => {
        out.write(
          `event: ${event.type}\ndata: ${JSON.stringify(presentJobEvent(event, request.viewer))}\n\n`,
        );
        if (event.type === 'succeeded' || event.type === 'failed') {
          job.events.off('event', send);
          out.end();
        }
      };
      job.events.on('event', send);
      request.raw.on('close', () => job.events.off('event', send));
      send(job.last);
    },
  );

  /** A request body that ended early or is not multipart: the client's fault, a 400. */
  function brokenUpload(error: unknown): Error {
    if ((error as { statusCode?: number }).statusCode === 413) return error as Error;
    return new BadRequestError(
      `the upload could not be read as multipart/form-data (${(error as Error).message}); send it again`,
    );
  }

  /** A job of this server, else what the import log says of a job of an earlier one. */
  async function jobOf(id: string): Promise<ImportJob> {
    const job = app.imports.get(id) ?? (await jobFromLog(app.store, id));
    if (!job)
      throw new NotFoundError(
        `there is no upload job "${id}": the id is wrong, or the job was still queued when the ` +
          'server stopped (such a job never ran: upload the file again)',
      );
    return job;
  }
};

export default imports;
