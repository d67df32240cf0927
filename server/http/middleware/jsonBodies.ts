// The API reads JSON bodies only. Anything else used to be skipped by the JSON parser and read as `{}`, so a
// text/plain or form body — what an HTML form can send without a CORS preflight — acted like an empty request.
// Now such a body is answered 415; a request with no body at all (the UI's close, takeover, read…) passes.
import type { RequestHandler } from 'express';
import { AppError } from '../../errors.ts';

/** A route that takes a file instead of JSON (a CSV import), and the types it reads itself. */
export type FileRoute = { method: string; path: RegExp; types: string[] };

export function requireJsonBodies(fileRoutes: FileRoute[] = []): RequestHandler {
  return (req, _res, next) => {
    if (!carriesBody(req.headers)) return next();
    const file = fileRoutes.find((route) => route.method === req.method && route.path.test(req.path));
    const accepted = ['application/json', '+json', ...(file?.types ?? [])];
    if (req.is(accepted)) return next();
    const sent = req.get('content-type') ?? 'none';
    next(new AppError('unsupported_media_type', 415, `body: send JSON (Content-Type: application/json), not ${sent}`));
  };
}

/** A body is there when it is chunked or has a length above zero; `Content-Length: 0` is no body. */
function carriesBody(headers: { 'transfer-encoding'?: string | undefined; 'content-length'?: string | undefined }): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}
