// The floor under the webhook: a bare Express 5 app in the bench's own process (where the platform runs)
// parsing the same urlencoded form the same way (raw body kept) and answering 200 with the same TwiML.
import { createServer } from 'node:http';
import express from 'express';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export async function startBareExpress(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  const rawBodies = new WeakMap<object, string>();
  const verify = (req: object, _res: unknown, buffer: Buffer) => void rawBodies.set(req, buffer.toString('utf8'));
  app.post('/webhooks/twilio/:channelId', express.urlencoded({ extended: false, limit: '256kb', verify }), (req, res) => {
    if (!rawBodies.has(req) || typeof req.body?.MessageSid !== 'string') return void res.status(400).end();
    res.type('text/xml').send(EMPTY_TWIML);
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('bare Express app is not listening on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
