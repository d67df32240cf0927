// Twilio's JSON shapes for the stand-in: the Message resource, a list page, and the error body.
import type { ServerResponse } from 'node:http';
import type { StandInMessage } from './twilio-stand-in.ts';

export interface TwilioFailure {
  status: number;
  code: number;
  message: string;
}

export function messageResource(message: StandInMessage): Record<string, unknown> {
  const created = message.dateCreated.toUTCString();
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: created,
    date_sent: null,
    date_updated: created,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}/Media.json` },
    to: message.to,
    uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
  };
}

export function answerError(response: ServerResponse, failure: TwilioFailure): void {
  answerJson(response, failure.status, {
    code: failure.code,
    message: failure.message,
    more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
    status: failure.status,
  });
}

export function answerJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export function messageListPage(accountSid: string, messages: StandInMessage[], pageSize: number): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`;
  return {
    messages: messages.map(messageResource),
    end: Math.max(0, messages.length - 1),
    first_page_uri: uri,
    next_page_uri: null,
    page: 0,
    page_size: pageSize,
    previous_page_uri: null,
    start: 0,
    uri,
  };
}
