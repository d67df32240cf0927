// What the template use cases need, passed in (no express or SQL in them).
import type { Channel, Locale, TemplateEvent, TemplatePack } from '../../../templates/index.ts';
import type { ClinicsRepository } from '../clinics/clinics.repository.ts';
import type { InboxDeps } from '../inbox/inboxDeps.ts';
import type { loadMergeInput, MergeRequest } from './mergeInput.ts';
import type { TemplateOverridesRepository } from './templateOverrides.repository.ts';

export type TemplateDeps = {
  overrides: TemplateOverridesRepository;
  clinics: ClinicsRepository;
  /** The default pack the clinic's overrides sit on. */
  pack: TemplatePack;
  /** What a real appointment or recall fills in (mergeInput.ts), bound to the database. */
  loadMergeInput: (request: MergeRequest) => ReturnType<typeof loadMergeInput>;
  /** Test sends go through the real outbox, as any message does. */
  inbox: InboxDeps;
};

/** One template slot: an event on a channel in a language. */
export type TemplateKey = { event: TemplateEvent; channel: Channel; locale: Locale };
