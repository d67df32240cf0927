// Twilio content templates (Content API `GET /v1/Content` and each one's `ApprovalRequests`) translated to
// the shared `ProviderTemplate`: body text, sample variables and WhatsApp's approval verdict.
import type twilio from 'twilio';
import type { ProviderTemplate } from '../channel.ts';

/** The fields of a Content resource the mapper reads (the SDK's ContentInstance has them). */
type ContentFields = { sid: string; friendlyName: string; language: string; variables: unknown; types: unknown };

export async function listTwilioContentTemplates(client: twilio.Twilio): Promise<ProviderTemplate[]> {
  const contents = await client.content.v1.contents.list({ limit: 200 });
  return Promise.all(
    contents.map(async (content) => {
      const approval = await client.content.v1
        .contents(content.sid)
        .approvalFetch()
        .fetch()
        .then((fetched) => fetched.whatsapp)
        // Twilio answers 404 for a template never submitted to WhatsApp.
        .catch((error: unknown) => (statusOf(error) === 404 ? null : Promise.reject(error)));
      return toProviderTemplate(content, approval);
    }),
  );
}

/** One content resource plus its `whatsapp` approval object (null: never submitted). */
export function toProviderTemplate(content: ContentFields, approval: Record<string, unknown> | null): ProviderTemplate {
  return {
    id: content.sid,
    name: content.friendlyName,
    language: content.language,
    body: bodyOf(content.types),
    variables: stringRecord(content.variables),
    approvalStatus: approvalStatusOf(approval?.status),
    category: typeof approval?.category === 'string' && approval.category ? approval.category : null,
    rejectionReason: typeof approval?.rejection_reason === 'string' && approval.rejection_reason ? approval.rejection_reason : null,
  };
}

const STATUSES = ['approved', 'pending', 'rejected', 'paused', 'disabled', 'unsubmitted'] as const;

function approvalStatusOf(status: unknown): ProviderTemplate['approvalStatus'] {
  // Twilio also reports "received" while WhatsApp reviews the template.
  if (status === 'received') return 'pending';
  return STATUSES.find((known) => known === status) ?? 'unsubmitted';
}

/** Every content type carries a `body` (twilio/text, twilio/quick-reply, twilio/card…); the first one is the text. */
function bodyOf(types: unknown): string {
  if (typeof types !== 'object' || types === null) return '';
  for (const value of Object.values(types)) {
    if (typeof value === 'object' && value !== null && 'body' in value && typeof value.body === 'string') return value.body;
  }
  return '';
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).map(([key, sample]) => [key, typeof sample === 'string' ? sample : String(sample)]));
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : undefined;
}
