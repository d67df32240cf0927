// Forged writes (issue 15): a page on another origin — another port of the same site included — must not be
// able to change anything with the staff cookie, and a body that is not JSON is not read as an empty object.
import request, { type Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, disableAutoReply, loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

let platform: TestPlatform;
let admin: Awaited<ReturnType<typeof loginAgent>>;
let ownOrigin: string;
let otherPortOrigin: string;
let phoneCounter = 100;
const newPhone = () => `+3460081${String(phoneCounter++).padStart(4, '0')}`;

beforeAll(async () => {
  platform = await startTestPlatform();
  admin = await loginAgent(platform);
  await disableAutoReply(admin);
  ownOrigin = new URL(platform.url).origin;
  const port = Number(new URL(platform.url).port);
  otherPortOrigin = `http://localhost:${port === 65535 ? port - 1 : port + 1}`;
});
afterAll(() => platform.close());

/** What `<form method=POST enctype=text/plain>` auto-submitted from a page on another port sends, cookie included. */
function forgedForm(req: Test): Test {
  return req.set('origin', otherPortOrigin).set('sec-fetch-site', 'same-site').set('sec-fetch-mode', 'navigate').set('content-type', 'text/plain').send('reason=x');
}

/** What the inbox UI itself sends: same origin, JSON (or no body at all). */
function fromTheUi(req: Test, body?: object): Test {
  const sent = req.set('origin', ownOrigin).set('sec-fetch-site', 'same-origin').set('sec-fetch-mode', 'cors');
  return body === undefined ? sent : sent.send(body);
}

async function openConversation(): Promise<string> {
  const res = await admin.post('/api/simulator/messages').send({ from: newPhone(), text: 'Hola, quiero cita' }).expect(201);
  return res.body.conversationId;
}

describe('forged cross-origin forms', () => {
  it('when a page on another port posts a text/plain form to close, then 403 forbidden_origin and the conversation stays open', async () => {
    const id = await openConversation();
    const before = (await admin.get(`/api/conversations/${id}`).expect(200)).body;

    const res = await forgedForm(admin.post(`/api/conversations/${id}/close`)).expect(403);

    expect(res.body.error).toMatchObject({ code: 'forbidden_origin', message: expect.any(String) });
    expect((await admin.get(`/api/conversations/${id}`).expect(200)).body).toEqual(before);
  });

  it('when a page on another port posts a form to take over, then 403 and nobody is assigned', async () => {
    const id = await openConversation();
    const before = (await admin.get(`/api/conversations/${id}`).expect(200)).body;

    await forgedForm(admin.post(`/api/conversations/${id}/takeover`)).expect(403);

    expect((await admin.get(`/api/conversations/${id}`).expect(200)).body).toEqual(before);
  });

  it('when a page on another port posts a form to create a patient, then 403 and no patient appears', async () => {
    const before = (await admin.get('/api/patients').query({ limit: '200' }).expect(200)).body.items.length;

    await forgedForm(admin.post('/api/patients')).expect(403);

    expect((await admin.get('/api/patients').query({ limit: '200' }).expect(200)).body.items.length).toBe(before);
  });

  it('when a page on another port puts a form to the automations, then 403 and the rules are unchanged', async () => {
    await admin.put('/api/automations').send({ notices: { undoMinutes: 0 } }).expect(200);
    const before = (await admin.get('/api/automations').expect(200)).body;

    await forgedForm(admin.put('/api/automations')).expect(403);

    const after = (await admin.get('/api/automations').expect(200)).body;
    expect(after).toEqual(before);
    expect(after.notices.undoMinutes).toBe(0);
  });

  it('when only the Origin is foreign (no Sec-Fetch headers, JSON body), then 403', async () => {
    const id = await openConversation();
    await admin.post(`/api/conversations/${id}/close`).set('origin', 'http://evil.example').send({}).expect(403);
    expect((await admin.get(`/api/conversations/${id}`).expect(200)).body.state).not.toBe('closed');
  });

  it('when only Sec-Fetch-Site says cross-site or same-site (no Origin, JSON body), then 403', async () => {
    const id = await openConversation();
    for (const site of ['cross-site', 'same-site']) {
      await admin.post(`/api/conversations/${id}/close`).set('sec-fetch-site', site).send({}).expect(403);
    }
    expect((await admin.get(`/api/conversations/${id}`).expect(200)).body.state).not.toBe('closed');
  });

  it('when the Origin is "null" (a sandboxed frame), then 403', async () => {
    await admin.post('/api/patients').set('origin', 'null').send({ firstName: 'Null', lastName: 'Origin', phones: [newPhone()] }).expect(403);
  });
});

describe('bodies that are not JSON', () => {
  it('when the same origin sends a text/plain body, then 415 unsupported_media_type and nothing changes', async () => {
    const id = await openConversation();
    const res = await fromTheUi(admin.post(`/api/conversations/${id}/close`)).set('content-type', 'text/plain').send('reason=x').expect(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', message: expect.any(String) });
    expect((await admin.get(`/api/conversations/${id}`).expect(200)).body.state).not.toBe('closed');
  });

  it('when a form-encoded body reaches a JSON route, then 415', async () => {
    await fromTheUi(admin.post('/api/patients')).type('form').send('firstName=Ana&lastName=Form').expect(415);
  });
});

describe('the inbox UI itself', () => {
  it('when the UI logs in from its own origin, then it gets the session cookie', async () => {
    const res = await fromTheUi(request(platform.url).post('/api/auth/login'), ADMIN).expect(200);
    expect(String(res.headers['set-cookie'])).toMatch(/ci_session=/);
    expect(res.body.csrfToken).toEqual(expect.any(String));
  });

  it('when the UI closes, reopens, takes over, reads and hands back with no body or JSON, then each works', async () => {
    const id = await openConversation();
    await fromTheUi(admin.post(`/api/conversations/${id}/takeover`)).expect(200);
    await fromTheUi(admin.post(`/api/conversations/${id}/read`)).expect(200);
    await fromTheUi(admin.post(`/api/conversations/${id}/handback`)).expect(200);
    const closed = await fromTheUi(admin.post(`/api/conversations/${id}/close`)).set('content-length', '0').expect(200);
    expect(closed.body.state).toBe('closed');
    const reopened = await fromTheUi(admin.post(`/api/conversations/${id}/reopen`), {}).expect(200);
    expect(reopened.body.state).not.toBe('closed');
  });

  it('when the UI creates a patient and saves the automations with JSON, then 201 and 200', async () => {
    await fromTheUi(admin.post('/api/patients'), { firstName: 'Ana', lastName: 'Mismo Origen', phones: [newPhone()] }).expect(201);
    await fromTheUi(admin.put('/api/automations'), { notices: { undoMinutes: 1 } }).expect(200);
    expect((await admin.get('/api/automations').expect(200)).body.notices.undoMinutes).toBe(1);
  });

  it('when a script without browser headers (no Origin, no Sec-Fetch-Site) sends JSON, then it works as before', async () => {
    await admin.post('/api/patients').send({ firstName: 'Luis', lastName: 'Script', phones: [newPhone()] }).expect(201);
  });

  it('when a provider posts its form-encoded webhook, then it is not mistaken for a forged form', async () => {
    // Unsigned, so the webhook refuses it on its own terms (403 invalid_signature or 404), never 415/forbidden_origin.
    const res = await request(platform.url).post('/webhooks/twilio/00000000-0000-4000-8000-000000000000').set('origin', 'https://api.twilio.example').type('form').send('Body=Hola');
    expect(res.status).not.toBe(415);
    expect(res.body.error?.code).not.toBe('forbidden_origin');
  });
});

describe('the CSRF token on cookie-authenticated writes', () => {
  /** A fresh session of the admin: its cookie and the token login answered with. */
  async function newSession(): Promise<{ cookie: string; csrfToken: string }> {
    const res = await request(platform.url).post('/api/auth/login').send(ADMIN).expect(200);
    return { cookie: String(res.headers['set-cookie']).split(';')[0]!, csrfToken: res.body.csrfToken };
  }
  const withCookie = (req: Test, cookie: string) => req.set('cookie', cookie).set('origin', ownOrigin).set('sec-fetch-site', 'same-origin');

  it('when the session is opened or asked about, then login, /auth/me and /auth/session answer the same token for it, and another session gets another', async () => {
    const one = await newSession();
    const other = await newSession();
    expect(one.csrfToken).toMatch(/^[\w-]{32,}$/);
    expect((await withCookie(request(platform.url).get('/api/auth/me'), one.cookie).expect(200)).body.csrfToken).toBe(one.csrfToken);
    expect((await withCookie(request(platform.url).get('/api/auth/session'), one.cookie).expect(200)).body.csrfToken).toBe(one.csrfToken);
    expect(other.csrfToken).not.toBe(one.csrfToken);
    expect((await request(platform.url).get('/api/auth/session').expect(200)).body).toEqual({ user: null });
  });

  it('when a write with the session cookie carries no token, then 403 csrf_token and nothing changes', async () => {
    const { cookie } = await newSession();
    const id = await openConversation();
    const patientsBefore = (await admin.get('/api/patients').query({ limit: '200' }).expect(200)).body.items.length;

    const res = await withCookie(request(platform.url).post(`/api/conversations/${id}/close`), cookie).expect(403);
    expect(res.body.error).toMatchObject({ code: 'csrf_token', message: expect.stringContaining('X-CSRF-Token') });
    await withCookie(request(platform.url).post('/api/patients'), cookie).send({ firstName: 'Sin', lastName: 'Token', phones: [newPhone()] }).expect(403);
    await withCookie(request(platform.url).put('/api/automations'), cookie).set('x-csrf-token', '').send({ notices: { undoMinutes: 7 } }).expect(403);
    await withCookie(request(platform.url).post('/api/auth/logout'), cookie).expect(403);

    expect((await admin.get(`/api/conversations/${id}`).expect(200)).body.state).not.toBe('closed');
    expect((await admin.get('/api/patients').query({ limit: '200' }).expect(200)).body.items.length).toBe(patientsBefore);
    expect((await admin.get('/api/automations').expect(200)).body.notices.undoMinutes).not.toBe(7);
    await withCookie(request(platform.url).get('/api/auth/me'), cookie).expect(200); // the refused logout ended nothing
  });

  it('when a write carries the token of another session, then 403 csrf_token and nothing changes', async () => {
    const mine = await newSession();
    const theirs = await newSession();
    const id = await openConversation();

    const res = await withCookie(request(platform.url).post(`/api/conversations/${id}/close`), mine.cookie).set('x-csrf-token', theirs.csrfToken).expect(403);
    expect(res.body.error.code).toBe('csrf_token');
    await withCookie(request(platform.url).post(`/api/conversations/${id}/close`), mine.cookie).set('x-csrf-token', altered(mine.csrfToken)).expect(403);

    expect((await admin.get(`/api/conversations/${id}`).expect(200)).body.state).not.toBe('closed');
  });

  it('when a write carries its own session’s token, then it works', async () => {
    const { cookie, csrfToken } = await newSession();
    const id = await openConversation();
    const closed = await withCookie(request(platform.url).post(`/api/conversations/${id}/close`), cookie).set('x-csrf-token', csrfToken).expect(200);
    expect(closed.body.state).toBe('closed');
    await withCookie(request(platform.url).post('/api/patients'), cookie).set('x-csrf-token', csrfToken).send({ firstName: 'Con', lastName: 'Token', phones: [newPhone()] }).expect(201);
    await withCookie(request(platform.url).post('/api/auth/logout'), cookie).set('x-csrf-token', csrfToken).expect(204);
    await withCookie(request(platform.url).get('/api/auth/me'), cookie).expect(401);
  });

  it('when a write has no session cookie, then the token is not asked for and the route answers 401 itself', async () => {
    const res = await request(platform.url).post('/api/patients').send({ firstName: 'Nadie', lastName: 'Anónimo', phones: [newPhone()] }).expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

/** The token with its last character changed (always changed: a fixed replacement would equal it one time in 64). */
function altered(token: string): string {
  return `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
}
