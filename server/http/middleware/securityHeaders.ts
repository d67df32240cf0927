// Security headers on every response (helmet), with a Content-Security-Policy written for the inbox UI that
// inbox-ui/dist holds, and nothing broader: Vite emits one module script and one stylesheet under /assets, Svelte
// sets dynamic styles through the CSSOM (element.style, which CSP does not govern) and no template carries a
// style attribute, the favicon is a data: SVG and the two-factor QR code a data: image, and socket.io talks to
// the same origin (CSP3's 'self' covers ws:/wss: to the page's own host). No inline script, no eval, no frames.
// HSTS and upgrade-insecure-requests only when PUBLIC_URL is https: on plain http (a laptop, the tests) they
// would send the browser to an https that is not there.
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export function securityHeaders(publicUrl: string): RequestHandler {
  const https = new URL(publicUrl).protocol === 'https:';
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // The inbox is never framed (frame-ancestors 'none'); X-Frame-Options says the same to older browsers.
    xFrameOptions: { action: 'deny' },
    // Other sites never learn an inbox address; same-origin requests keep their Origin (sameOrigin.ts reads it).
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
  });
}
