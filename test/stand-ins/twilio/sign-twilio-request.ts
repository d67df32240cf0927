// Twilio's webhook signature, computed the way Twilio does, for stand-ins and tests that play Twilio.
import twilio from 'twilio';

export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

/** POST a form to `url` as Twilio would (signed), e.g. an inbound message to `/webhooks/twilio/:channelId`. */
export async function postAsTwilio(url: string, authToken: string, params: Record<string, string>, signature?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature ?? signTwilioRequest(authToken, url, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  });
}
