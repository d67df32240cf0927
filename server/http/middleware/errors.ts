// The one place errors become HTTP answers: {"error": {code, message, field?}}.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { isDatabaseUnavailable } from '../../db/faults.ts';
import { WHOLE_BODY } from '../validate.ts';
import { fromDatabaseError } from './databaseErrors.ts';

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', 404, `No route for ${req.method} ${req.path}`));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    // An outage is logged once by the pool (server/db/pool.ts), not once per request that meets it.
    if (appError.code === 'database_unavailable') res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    else if (!appError.isOperational || appError.httpStatus >= 500) {
      logger.error({ err, method: req.method, path: req.path }, 'request failed');
    }
    if (res.headersSent) return;
    const body: { code: string; message: string; field?: string } = { code: appError.code, message: appError.message };
    // A 400 always names what to fix; one raised without a field is about the request as a whole.
    const field = appError.field || (appError.httpStatus === 400 ? WHOLE_BODY : undefined);
    if (field !== undefined) body.field = field;
    res.status(appError.httpStatus).json({ error: body });
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isBodyParserError(err)) {
    if (err.type === 'entity.parse.failed') return new AppError('invalid_json', 400, 'body: not valid JSON (send an object)', WHOLE_BODY);
    if (err.type === 'entity.too.large') return new AppError('payload_too_large', 413, 'body: the request body is too large', WHOLE_BODY);
    return new AppError('bad_request', err.status ?? 400, err.message, WHOLE_BODY);
  }
  if (isDatabaseUnavailable(err)) return new AppError('database_unavailable', 503, 'The database is not reachable right now; try again shortly');
  return fromDatabaseError(err) ?? new AppError('internal_error', 500, 'Something went wrong on our side', undefined, false);
}

const RETRY_AFTER_SECONDS = 5;

function isBodyParserError(err: unknown): err is { type: string; status?: number; message: string } {
  return typeof err === 'object' && err !== null && 'type' in err && typeof err.type === 'string' && err.type.startsWith('entity.');
}
