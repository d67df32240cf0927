// Forged writes (CSRF): a state-changing API request a browser sends from another origin is refused before it
// reaches a route. The session cookie is SameSite=Lax, which stops other *sites* but not another port or
// subdomain of the same site (same-site, in browser terms): a page there can auto-submit a form with the cookie.
// So the browser's own word on where a request comes from decides — Origin (sent on every cross-origin request,
// forms included) and Sec-Fetch-Site. A request with neither (curl, scripts, tests) is not a browser and has no
// ambient cookie to abuse, so it passes. The same rule guards the socket handshake (realtime/socketServer.ts).
import type { RequestHandler } from 'express';
import { AppError } from '../../errors.ts';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses (403 forbidden_origin) a POST/PUT/PATCH/DELETE that a browser sent from a page not on this server. */
export function refuseCrossOriginWrites(publicUrl: string): RequestHandler {
  const publicOrigin = new URL(publicUrl).origin;
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    // req.host/req.protocol read X-Forwarded-* only from the trusted proxies (app.ts: trust proxy).
    const requestOrigin = req.host ? [`${req.protocol}://${req.host}`] : [];
    const verdict = crossOriginVerdict({ origin: req.get('origin'), fetchSite: req.get('sec-fetch-site') }, [publicOrigin, ...requestOrigin]);
    next(verdict ? new AppError('forbidden_origin', 403, verdict) : undefined);
  };
}

/**
 * Why a request from a browser must be refused, or null when it comes from one of `ownOrigins` (or from no browser).
 * `same-site` is refused too: it means another port or subdomain, exactly the page the cookie does not stop.
 */
export function crossOriginVerdict(headers: { origin?: string | undefined; fetchSite?: string | undefined }, ownOrigins: string[]): string | null {
  const site = headers.fetchSite?.toLowerCase();
  if (site === 'cross-site' || site === 'same-site') return `Requests from another site or port are refused (Sec-Fetch-Site: ${site})`;
  if (headers.origin !== undefined && !isOwnOrigin(headers.origin, ownOrigins)) return `Requests from ${headers.origin} are refused; use the inbox on its own address`;
  return null;
}

/** The origins this server answers as: its public URL's, and the Host a request (or handshake) was sent to. */
export function isOwnOrigin(origin: string, ownOrigins: string[]): boolean {
  // "null" (sandboxed frames, opaque redirects) and anything unparsable are nobody's origin.
  if (!URL.canParse(origin)) return false;
  const { origin: normalized } = new URL(origin);
  return normalized !== 'null' && ownOrigins.some((own) => URL.canParse(own) && new URL(own).origin === normalized);
}
