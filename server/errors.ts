// The one error type: every failure the API reports is an AppError, answered by one handler.
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'unauthenticated'
  | 'forbidden'
  | 'invalid_signature'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'internal_error'
  | (string & {});

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly httpStatus: number,
    message: string,
    readonly field?: string,
    readonly isOperational = true,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static validation(field: string, message: string): AppError {
    return new AppError('validation_failed', 400, message, field);
  }
  static notFound(what: string): AppError {
    return new AppError('not_found', 404, `${what} not found`);
  }
  static conflict(message: string, field?: string): AppError {
    return new AppError('conflict', 409, message, field);
  }
  static forbidden(message = 'You are not allowed to do this'): AppError {
    return new AppError('forbidden', 403, message);
  }
  static unauthenticated(message = 'Log in first'): AppError {
    return new AppError('unauthenticated', 401, message);
  }
}
