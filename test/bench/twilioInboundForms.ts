// The inbound SMS webhooks the load generator sends: Twilio's form fields, signed with the channel's auth
// token over the URL Twilio is configured with (PUBLIC_URL + path), exactly as Twilio computes X-Twilio-Signature.
import { signTwilioRequest } from '../stand-ins/twilio/sign-twilio-request.ts';

export type TwilioAccount = { accountSid: string; authToken: string; number: string };

export type InboundTraffic = {
  account: TwilioAccount;
  /** The URL the signature covers (Twilio signs the webhook URL it was given). */
  signedUrl: string;
  /** Known patients writing again, in turn; every tenth message is a first message from a new number. */
  senders: number;
  /** 8 hex digits, in the message SIDs and the bodies (`[tag#i]`), so the socket agent counts this run's messages only. */
  tag: string;
};

export type SignedForm = { body: string; signature: string };

export function signedInboundForms(traffic: InboundTraffic, from: number, count: number, phase: string): SignedForm[] {
  const forms: SignedForm[] = [];
  for (let i = from; i < from + count; i++) {
    const params = inboundParams(traffic, i, `[${traffic.tag}${phase}#${i}]`);
    forms.push({ body: new URLSearchParams(params).toString(), signature: signTwilioRequest(traffic.account.authToken, traffic.signedUrl, params) });
  }
  return forms;
}

/** One patient's SMS as Twilio posts it to the webhook (the fields of a real inbound SMS). */
function inboundParams(traffic: InboundTraffic, i: number, mark: string): Record<string, string> {
  const sid = `SM${traffic.tag}${i.toString(16).padStart(24, '0')}`;
  const from = i % 10 === 9 ? `+3465${String(i).padStart(7, '0')}` : `+3463${String(i % traffic.senders).padStart(7, '0')}`;
  return {
    ToCountry: 'ES',
    ToState: '',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '',
    SmsSid: sid,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: `Hola, quería cambiar mi cita del jueves a otra hora ${mark}`,
    FromCountry: 'ES',
    To: traffic.account.number,
    ToZip: '',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: traffic.account.accountSid,
    From: from,
    ApiVersion: '2010-04-01',
  };
}
