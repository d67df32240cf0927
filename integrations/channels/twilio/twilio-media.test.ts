import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioStandIn } from '../../../test/stand-ins/twilio/twilio-stand-in.ts';
import { fetchTwilioMediaText } from './twilio-media.ts';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const OTHER_ACCOUNT = 'ACfedcba9876543210fedcba9876543210';
const AUTH_TOKEN = 'stand-in-auth-token-1';
const MESSAGE_SID = 'MM0123456789abcdef0123456789abcdef';
const options = { timeoutMs: 5_000, maxBytes: 1_024 };

describe('Twilio media fetch (contact cards)', () => {
  let standIn: TwilioStandIn;
  const config = (authToken = AUTH_TOKEN) => ({ accountSid: ACCOUNT_SID, authToken, apiBaseUrl: standIn.url });

  beforeAll(async () => {
    standIn = await TwilioStandIn.start({ [ACCOUNT_SID]: AUTH_TOKEN, [OTHER_ACCOUNT]: 'other-account-token' });
  });
  afterAll(async () => {
    await standIn.close();
  });

  it("when the MediaUrl is on api.twilio.com, then it is fetched from the channel's API base and the redirect is followed", async () => {
    const url = standIn.addMedia({ accountSid: ACCOUNT_SID, messageSid: MESSAGE_SID, contentType: 'text/vcard', body: 'BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n' });
    expect(await fetchTwilioMediaText(url, config(), options)).toBe('BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD\r\n');
  });

  it('when the auth token is wrong, then the 401 is an error', async () => {
    const url = standIn.addMedia({ accountSid: ACCOUNT_SID, messageSid: MESSAGE_SID, contentType: 'text/vcard', body: 'BEGIN:VCARD\r\nEND:VCARD' });
    await expect(fetchTwilioMediaText(url, config('not-the-token'), options)).rejects.toThrow('HTTP 401');
  });

  it('when the file is larger than the limit, then it is not read', async () => {
    const url = standIn.addMedia({ accountSid: ACCOUNT_SID, messageSid: MESSAGE_SID, contentType: 'text/vcard', body: 'x'.repeat(4_096) });
    await expect(fetchTwilioMediaText(url, config(), options)).rejects.toThrow('larger than 1024 bytes');
  });

  it("when the URL is on another host or of another account, then the credentials are never sent", async () => {
    const before = standIn.media.requests.length;
    await expect(fetchTwilioMediaText('https://media.example.com/2010-04-01/Accounts/' + ACCOUNT_SID + '/Messages/MM1/Media/ME1', config(), options)).rejects.toThrow("not on Twilio's API");
    const foreign = standIn.addMedia({ accountSid: OTHER_ACCOUNT, messageSid: MESSAGE_SID, contentType: 'text/vcard', body: 'BEGIN:VCARD\r\nEND:VCARD' });
    await expect(fetchTwilioMediaText(foreign, config(), options)).rejects.toThrow('another account');
    expect(standIn.media.requests.length).toBe(before);
  });
});
