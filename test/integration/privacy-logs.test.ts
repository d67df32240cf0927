// Patient data is health data: at info level the logs carry ids and counts, never bodies, names or numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../support/logCapture.ts';
import { loginAgent, startTestPlatform, type TestPlatform } from '../support/testPlatform.ts';

const { lines, destination: capture } = captureLogs();

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform({ LOG_LEVEL: 'info', DEMO: '1' }, { logDestination: capture });
});
afterAll(() => platform.close());

describe('logs at info level', () => {
  it('when patients write, agents reply and data is created, then no phone, name or message text reaches the logs', async () => {
    const admin = await loginAgent(platform);
    await admin.post('/api/patients').send({ firstName: 'Remedios', lastName: 'Secretaria', phones: ['600 987 321'] }).expect(201);
    const { conversationId } = (await admin.post('/api/simulator/messages').send({ from: '+34600987654', text: 'Tengo una caries dolorosa' }).expect(201)).body;
    await admin.post(`/api/conversations/${conversationId}/messages`).send({ text: 'Le damos cita para la endodoncia' }).expect(201);
    await admin.post('/api/simulator/messages').send({ from: '+34600987654', text: 'STOP' });
    await admin.get('/api/patients?q=Remedios').expect(200);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const logs = lines.join('');
    expect(logs).toMatch(/Clinic Inbox is running/);
    expect(logs).toMatch(/demo clinic loaded/);
    for (const secret of ['600987321', '600987654', '600 987', 'Remedios', 'Secretaria', 'caries', 'endodoncia', 'Tengo una']) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
