// Load generator (a child process): plays Twilio, posting signed inbound SMS webhooks at a fixed concurrency
// over keep-alive HTTP. The forms are built and signed before the clock starts; a warm-up batch goes first.
import { Agent, request } from 'node:http';
import { parentLink, runChild } from './benchChild.ts';
import { atConcurrency, type RateReport } from './measure.ts';
import { signedInboundForms, type InboundTraffic, type SignedForm } from './twilioInboundForms.ts';

export type LoadPlan = InboundTraffic & {
  /** Where to post, e.g. http://127.0.0.1:4123 (the signature still covers `signedUrl`). */
  target: string;
  path: string;
  concurrency: number;
  warmup: number;
  count: number;
  maxDurationMs: number;
  /** Tell the parent when the warm-up is done and wait for its go (it settles the platform in between). */
  pauseAfterWarmup?: boolean;
};

runChild(async () => {
  const parent = parentLink();
  const plan = await parent.next<LoadPlan>();
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency });
  const target = new URL(plan.target);
  const post = (form: SignedForm) => postForm(agent, target, plan.path, form);

  const warmup = signedInboundForms(plan, 0, plan.warmup, '-warmup');
  const measured = signedInboundForms(plan, plan.warmup, plan.count, '');
  const warm = await atConcurrency(plan.concurrency, warmup.length, plan.maxDurationMs, (i) => post(warmup[i]!));
  if (warm.failed > 0) throw new Error(`warm-up: ${warm.failed} of ${warmup.length} webhooks failed, first: ${warm.firstError}`);
  if (plan.pauseAfterWarmup) {
    await parent.send({ warmedUp: true });
    await parent.next<{ go: true }>();
  }
  const report: RateReport = await atConcurrency(plan.concurrency, measured.length, plan.maxDurationMs, (i) => post(measured[i]!));
  agent.destroy();
  await parent.send(report);
  parent.done();
});

/** Resolves when the whole answer has arrived (the provider's "ack"); anything but 2xx is a failure. */
function postForm(agent: Agent, target: URL, path: string, form: SignedForm): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: 'POST',
        path,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(form.body),
          'x-twilio-signature': form.signature,
          'user-agent': 'TwilioProxy/1.1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new Error(`HTTP ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
        });
      },
    );
    req.on('error', reject);
    req.end(form.body);
  });
}
