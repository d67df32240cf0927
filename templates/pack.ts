// The default template pack: templates/<locale>/<channel>/<event>.hbs, read once from disk.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTemplateSource } from './source.ts';
import { isChannel, isLocale, type Channel, type Locale, type TemplateDefinition } from './types.ts';

export interface PackTemplate extends TemplateDefinition {
  event: string;
  channel: Channel;
  locale: Locale;
}

export type TemplatePack = ReadonlyMap<string, PackTemplate>;

export const PACK_DIR = dirname(fileURLToPath(import.meta.url));

let defaultPack: TemplatePack | undefined;

/** The pack shipped in this folder (cached after the first read). */
export function getDefaultPack(): TemplatePack {
  defaultPack ??= loadTemplatePack(PACK_DIR);
  return defaultPack;
}

/** Reads every <locale>/<channel>/<event>.hbs under dir. A malformed file throws, naming it. */
export function loadTemplatePack(dir: string): TemplatePack {
  const pack = new Map<string, PackTemplate>();
  for (const locale of readdirSync(dir)) {
    if (!isLocale(locale)) continue;
    for (const channel of readdirSync(join(dir, locale))) {
      const channelDir = join(dir, locale, channel);
      if (!isChannel(channel) || !existsSync(channelDir)) continue;
      for (const file of readdirSync(channelDir)) {
        if (!file.endsWith('.hbs')) continue;
        const event = file.slice(0, -'.hbs'.length);
        const path = join(channelDir, file);
        try {
          pack.set(packKey(event, channel, locale), { event, channel, locale, ...parseTemplateSource(readFileSync(path, 'utf8')) });
        } catch (error) {
          throw new Error(`template ${path}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
  return pack;
}

export function packKey(event: string, channel: Channel, locale: Locale): string {
  return `${locale}/${channel}/${event}`;
}
