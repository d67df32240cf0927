// The channel types this server offers, as their definitions describe them (GET /api/channels/types): the
// inbox never keeps its own list of providers, their names or what they carry.
import { api } from '../api/client.ts';
import type { Lang } from '../i18n.ts';

export type ChannelTypeInfo = {
  type: string;
  kinds: string[];
  labels: Record<Lang, string>;
  capabilities: { buttons: 'native' | 'numbered'; media: boolean; providerTemplates: boolean; pairing: boolean };
  standIn: boolean;
};

class ChannelTypes {
  byType = $state<Record<string, ChannelTypeInfo>>({});
  private loading: Promise<void> | null = null;

  load(): Promise<void> {
    this.loading ??= api<{ items: ChannelTypeInfo[] }>('/channels/types')
      .then(({ items }) => {
        this.byType = Object.fromEntries(items.map((item) => [item.type, item]));
      })
      .catch(() => {
        this.loading = null; // try again on the next view that needs them
      });
    return this.loading;
  }

  label(type: string, lang: Lang): string {
    return this.byType[type]?.labels[lang] ?? type.replace(/_/g, ' ');
  }

  /** The kind a badge shows: the stand-in is "sim", else the first kind the type carries. */
  badgeKind(type: string): 'whatsapp' | 'sms' | 'email' | 'voice' | 'simulator' | null {
    const info = this.byType[type];
    if (!info) return null;
    if (info.standIn) return 'simulator';
    return (info.kinds[0] as 'whatsapp' | 'sms' | 'email' | 'voice' | undefined) ?? null;
  }

  has(type: string, capability: 'pairing' | 'providerTemplates' | 'media'): boolean {
    return this.byType[type]?.capabilities[capability] === true;
  }
}

export const channelTypes = new ChannelTypes();
