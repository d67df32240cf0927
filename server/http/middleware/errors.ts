// The one place errors become HTTP answers: {"error": {code, message, field?}}.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', 404, `No route for ${req.method} ${req.path}`));
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (!appError.isOperational || appError.httpStatus >= 500) {
      logger.error({ err, method: req.method, path: req.path }, 'request failed');
    }
    if (res.headersSent) return;
    const body: { code: string; message: string; field?: string } = { code: appError.code, message: appError.message };
    if (appError.field !== undefined) body.field = appError.field;
    res.status(appError.httpStatus).json({ error: body });
  };
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isBodyParserError(err)) {
    if (err.type === 'entity.parse.failed') return new AppError('invalid_json', 400, 'The request body is not valid JSON');
    if (err.type === 'entity.too.large') return new AppError('payload_too_large', 413, 'The request body is too large');
    return new AppError('bad_request', err.status ?? 400, err.message);
  }
  if (isPgError(err)) {
    // Foreign keys and unique keys that slip past the domain checks still get a meaningful answer.
    if (err.code === '23505') return AppError.conflict('A record with the same unique value already exists');
    if (err.code === '23503') return AppError.validation(err.column ?? '', 'Refers to a record that does not exist');
    if (err.code === '22P02') return AppError.validation('', 'Malformed identifier or value');
  }
  return new AppError('internal_error', 500, 'Something went wrong on our side', undefined, false);
}

function isBodyParserError(err: unknown): err is { type: string; status?: number; message: string } {
  return typeof err === 'object' && err !== null && 'type' in err && typeof err.type === 'string' && err.type.startsWith('entity.');
}

function isPgError(err: unknown): err is { code: string; column?: string } {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' && /^[0-9A-Z]{5}$/.test(err.code);
}
