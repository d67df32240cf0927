// Every route the running app answers, read from Express 5's router stack (router 2.x keeps each layer's
// `rawPath`), so a test can prove it covered them all rather than the ones someone remembered.
import type { Express } from 'express';

export type RouteEntry = { method: string; path: string };

export function listRoutes(app: Express): RouteEntry[] {
  const routes: RouteEntry[] = [];
  walk(app.router, '', routes);
  const seen = new Set<string>();
  return routes.filter((route) => {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function walk(router: unknown, prefix: string, out: RouteEntry[]): void {
  const stack = isRecord(router) || typeof router === 'function' ? (router as { stack?: unknown }).stack : undefined;
  if (!Array.isArray(stack)) return;
  for (const layer of stack) {
    if (!isRecord(layer)) continue;
    const path = typeof layer.rawPath === 'string' ? layer.rawPath : null;
    if (path === null) continue; // a regular-expression mount (the UI's fallback), not an API route
    const route = layer.route;
    if (isRecord(route) && isRecord(route.methods)) {
      for (const [method, on] of Object.entries(route.methods)) if (on && method !== '_all') out.push({ method: method.toUpperCase(), path: join(prefix, path) });
    } else if (layer.handle) {
      walk(layer.handle, join(prefix, path), out);
    }
  }
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
