// Opt-out / opt-in keywords, as carriers and patients use them. Only a message that is the keyword alone
// counts ("STOP", "Baja."), so "stop sending me the wrong time" still reaches a person. "Cancel"/"cancelar" are
// deliberately absent: in a reminder they cancel the appointment, not the messages.
import { normalizePhrase, normalizeReply } from './normalizeReply.ts';

export type OptKeyword = 'opt_out' | 'opt_in';

const OPT_OUT = [
  'stop', 'stopall', 'stop all', 'unsubscribe', 'end', 'quit', 'opt out', 'optout', 'remove me',
  'baja', 'dar de baja', 'darme de baja', 'alto', 'no más mensajes',
  'annulla', 'disiscrivi', 'disiscrivimi', 'cancellami', 'basta',
  'arrêt', 'arret', 'arrête', 'stop sms', 'désinscrire', 'désabonner', 'me désabonner', 'désinscription',
];
const OPT_IN = [
  'start', 'unstop', 'subscribe', 'resubscribe', 'opt in', 'optin',
  'alta', 'dar de alta', 'darme de alta', 'empezar', 'reanudar',
  'iscrivi', 'iscrivimi', 'riattiva', 'avvia',
  'démarrer', 'reprendre', 'abonner', "m'abonner", 'réabonner',
];

const KEYWORDS = new Map<string, OptKeyword>([
  ...OPT_OUT.map((word): [string, OptKeyword] => [normalizePhrase(word), 'opt_out']),
  ...OPT_IN.map((word): [string, OptKeyword] => [normalizePhrase(word), 'opt_in']),
]);

export function detectOptKeyword(text: string): OptKeyword | null {
  const reply = normalizeReply(text);
  if (reply.emoji.length > 0) return null;
  return KEYWORDS.get(reply.phrase) ?? null;
}
