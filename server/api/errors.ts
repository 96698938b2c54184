import createError from '@fastify/error';

/**
 * The API's errors (fastify core's way: a coded constructor with a message template and a
 * status). Every one reaches the client as application/problem+json with the code.
 */
export const NoTokenError = createError(
  'HELPFLOW_NO_TOKEN',
  'sign in: send "Authorization: Bearer <token>" (make one with `helpflow token create`)',
  401,
);
export const BadTokenError = createError(
  'HELPFLOW_BAD_TOKEN',
  'this token is not valid: it is malformed, unknown or revoked',
  401,
);
export const ForbiddenError = createError('HELPFLOW_FORBIDDEN', '%s', 403);
export const NotFoundError = createError('HELPFLOW_NOT_FOUND', '%s', 404);
export const BadRequestError = createError('HELPFLOW_BAD_REQUEST', '%s', 400);
/** A token with too many computations waiting; `retryAfter` seconds goes in Retry-After. */
export const TooBusyError = createError<[string]>('HELPFLOW_TOO_BUSY', '%s', 429);
/** Too many failed sign-ins, or requests, from one client. */
export const TooManyRequestsError = createError<[string]>('HELPFLOW_RATE_LIMITED', '%s', 429);
