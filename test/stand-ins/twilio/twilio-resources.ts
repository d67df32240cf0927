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

/** A content template the stand-in serves, with WhatsApp's verdict (null: never submitted for approval). */
export interface StandInContent {
  sid: string;
  accountSid: string;
  friendlyName: string;
  language: string;
  body: string;
  variables: Record<string, string>;
  approval: { status: 'approved' | 'pending' | 'received' | 'rejected' | 'paused' | 'disabled'; category: string; rejectionReason?: string } | null;
  dateCreated: Date;
}

const CONTENT_BASE = 'https://content.twilio.com/v1/Content';

/** The Content resource as `GET /v1/Content` lists it (https://www.twilio.com/docs/content/content-api-resources). */
export function contentResource(content: StandInContent): Record<string, unknown> {
  const created = content.dateCreated.toISOString();
  return {
    account_sid: content.accountSid,
    date_created: created,
    date_updated: created,
    friendly_name: content.friendlyName,
    language: content.language,
    links: { approval_create: `${CONTENT_BASE}/${content.sid}/ApprovalRequests/whatsapp`, approval_fetch: `${CONTENT_BASE}/${content.sid}/ApprovalRequests` },
    sid: content.sid,
    types: { 'twilio/text': { body: content.body } },
    url: `${CONTENT_BASE}/${content.sid}`,
    variables: content.variables,
  };
}

export function contentListPage(contents: StandInContent[], pageSize: number): Record<string, unknown> {
  const url = `${CONTENT_BASE}?PageSize=${pageSize}&Page=0`;
  return {
    contents: contents.map(contentResource),
    meta: { first_page_url: url, key: 'contents', next_page_url: null, page: 0, page_size: pageSize, previous_page_url: null, url },
  };
}

/** `GET /v1/Content/{sid}/ApprovalRequests`: the WhatsApp approval of one template. */
export function approvalResource(content: StandInContent & { approval: NonNullable<StandInContent['approval']> }): Record<string, unknown> {
  return {
    account_sid: content.accountSid,
    sid: content.sid,
    url: `${CONTENT_BASE}/${content.sid}/ApprovalRequests`,
    whatsapp: {
      allow_category_change: true,
      category: content.approval.category,
      content_type: 'twilio/text',
      name: content.friendlyName,
      rejection_reason: content.approval.rejectionReason ?? '',
      status: content.approval.status,
      type: 'whatsapp',
    },
  };
}
