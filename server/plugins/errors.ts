import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { ImportError } from '../../connectors/errors.ts';
import { resourceShortage } from '../api/resource-errors.ts';
import { WorkerStoppedError } from '../analytics-worker/client.ts';
import { ReportError } from '../reports/report-error.ts';

/**
 * One error handler: every error leaves as application/problem+json (RFC 9457) with a stable
 * `code` and a `detail` that says what to fix, naming the parameter at fault in `field`.
 */
export default fp(
  async (app) => {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      let status = error.statusCode ?? 500;
      let code = error.code ?? 'HELPFLOW_INTERNAL';
      let detail = error.message;
      let field = (error as { field?: string }).field;
      if (error instanceof ReportError) {
        status = error.status;
        code = `HELPFLOW_${error.code}`;
        field = error.field;
      } else if (error instanceof ImportError) {
        status = 400;
        code = error.code;
        field = error.field;
      } else if (error.validation) {
        code = 'HELPFLOW_BAD_PARAMETER';
        const first = error.validation[0];
        const params = first?.params ?? {};
        field =
          (params.missingProperty as string | undefined) ??
          (params.additionalProperty as string | undefined) ??
          first?.instancePath.replace(/^\//, '').replaceAll('/', '.');
        detail = `${error.validationContext ?? 'request'}${field ? ` field "${field}"` : ''}: ${first?.message ?? error.message}`;
      } else if (error instanceof WorkerStoppedError) {
        // The next call starts a new worker thread: a retry is answered.
        request.log.error({ err: error }, 'request failed: the analytics worker stopped');
        status = 503;
        code = 'HELPFLOW_WORKER_STOPPED';
        detail = `${error.message}; a new one starts with the next request: try again`;
        reply.header('retry-after', '1');
      } else if (status >= 500 && resourceShortage(error)) {
        request.log.error({ err: error }, 'request failed: out of a resource');
        status = 503;
        code = 'HELPFLOW_UNAVAILABLE';
        detail = `the server cannot do this now: ${resourceShortage(error)}; try again later (operators: free some and retry)`;
        reply.header('retry-after', '60');
      } else if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        detail = 'something went wrong on the server; the log has the details';
      }
      const retryAfter = (error as { retryAfter?: number }).retryAfter;
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      const problem: Record<string, unknown> = {
        type: `about:blank`,
        title: titleOf(status),
        status,
        code,
        detail,
      };
      if (field) problem.field = field;
      return reply.status(status).type('application/problem+json').send(JSON.stringify(problem));
    });
    app.setNotFoundHandler(async (request, reply) =>
      reply
        .status(404)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: 'Not Found',
            status: 404,
            code: 'HELPFLOW_NO_ROUTE',
            detail: `there is no ${request.method} ${request.url.split('?')[0]}; the API is described at /api/docs`,
          }),
        ),
    );
  },
  { name: 'helpflow-errors' },
);

function titleOf(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    413: 'Payload Too Large',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  return titles[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
