// What staff read when the server refuses something, in their language: the codes whose server message is about
// the request rather than the clinic's data (nothing to change, too large, a provider or the database down). Other
// refusals (a field's own rule, a conflict) keep the server's message, which names the field and the rule.
import type { Lang } from './langs.ts';

type ErrorTexts = Record<string, (field: string | undefined) => string>;

const es: ErrorTexts = {
  empty_update: () => 'No hay ningún cambio que guardar.',
  too_large: (field) => `${field ? `«${field}»` : 'Lo enviado'} es demasiado grande para guardarlo (máximo 64 KB).`,
  payload_too_large: () => 'Lo enviado es demasiado grande.',
  invalid_json: () => 'El servidor no ha entendido lo enviado; recarga la página e inténtalo de nuevo.',
  provider_error: () => 'El proveedor del canal no ha respondido bien; inténtalo más tarde o revisa la configuración del canal.',
  database_unavailable: () => 'El servidor no puede acceder a sus datos ahora mismo; inténtalo en unos segundos.',
  internal_error: () => 'Algo ha fallado en el servidor; inténtalo de nuevo.',
  csrf_token: () => 'Tu sesión ha cambiado en otra pestaña; recarga la página e inténtalo de nuevo.',
};

const en: ErrorTexts = {
  empty_update: () => 'There is no change to save.',
  too_large: (field) => `${field ? `“${field}”` : 'What was sent'} is too large to save (64 KB at most).`,
  payload_too_large: () => 'What was sent is too large.',
  invalid_json: () => 'The server could not read what was sent; reload the page and try again.',
  provider_error: () => 'The channel’s provider did not answer properly; try again later or check the channel’s settings.',
  database_unavailable: () => 'The server cannot reach its data right now; try again in a few seconds.',
  internal_error: () => 'Something went wrong on the server; try again.',
  csrf_token: () => 'Your session changed in another tab; reload the page and try again.',
};

const it: ErrorTexts = {
  empty_update: () => 'Non c’è nessuna modifica da salvare.',
  too_large: (field) => `${field ? `«${field}»` : 'Quanto inviato'} è troppo grande per essere salvato (massimo 64 KB).`,
  payload_too_large: () => 'Quanto inviato è troppo grande.',
  invalid_json: () => 'Il server non ha capito quanto inviato; ricarica la pagina e riprova.',
  provider_error: () => 'Il fornitore del canale non ha risposto correttamente; riprova più tardi o controlla le impostazioni del canale.',
  database_unavailable: () => 'Il server non riesce ad accedere ai suoi dati in questo momento; riprova tra qualche secondo.',
  internal_error: () => 'Qualcosa è andato storto sul server; riprova.',
  csrf_token: () => 'La tua sessione è cambiata in un’altra scheda; ricarica la pagina e riprova.',
};

const fr: ErrorTexts = {
  empty_update: () => 'Il n’y a aucune modification à enregistrer.',
  too_large: (field) => `${field ? `« ${field} »` : 'L’envoi'} est trop volumineux pour être enregistré (64 Ko au maximum).`,
  payload_too_large: () => 'L’envoi est trop volumineux.',
  invalid_json: () => 'Le serveur n’a pas compris l’envoi ; rechargez la page et réessayez.',
  provider_error: () => 'Le fournisseur du canal n’a pas répondu correctement ; réessayez plus tard ou vérifiez les réglages du canal.',
  database_unavailable: () => 'Le serveur n’accède pas à ses données pour le moment ; réessayez dans quelques secondes.',
  internal_error: () => 'Une erreur s’est produite sur le serveur ; réessayez.',
  csrf_token: () => 'Votre session a changé dans un autre onglet ; rechargez la page et réessayez.',
};

export const errorTexts: Record<Lang, ErrorTexts> = { es, en, it, fr };

/** The words for a refusal: the staff's language for the codes above, the server's own message otherwise. */
export function errorText(lang: Lang, error: { code?: string; field?: string | undefined; message: string } | unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error) || typeof error.message !== 'string') return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const field = 'field' in error && typeof error.field === 'string' ? error.field : undefined;
  const texts = errorTexts[lang];
  return code && Object.hasOwn(texts, code) ? texts[code]!(field) : error.message;
}
