import type { LocaleVocabulary } from '../vocabulary.ts';

// "annulla" alone is an opt-out keyword (detectOptKeyword), so cancelling uses disdire/cancellare/annullare.
export const it: LocaleVocabulary = {
  yes: ['sì', 'si', 's', 'ok', 'okay', 'certo', 'certamente', 'va bene', 'perfetto', 'esatto', "d'accordo", 'bene', 'volentieri'],
  no: ['no', 'n', 'non posso', 'purtroppo no'],
  confirm: ['confermo', 'conferma', 'confermare', 'confermato', 'confermata', 'ci sarò', 'vengo', 'presente'],
  cancel: ['disdico', 'disdire', 'disdetta', 'disdici', 'cancella', 'cancello', 'cancellare', 'annullo', 'annullare', 'annullato', 'non vengo', 'non ci sarò', 'non posso venire'],
  book: ['prenota', 'prenotare', 'prenoto', 'prenotazione', 'prenota visita', 'visita', 'voglio', 'appuntamento', 'mi interessa', 'nuovo', 'altro'],
  decline: ['no grazie', 'non mi interessa', 'non ora', 'più avanti', 'non voglio'],
  ignorable: ['grazie', 'mille', 'ciao', 'buongiorno', 'buonasera', 'salve', 'per', 'favore', 'il', 'la', 'lo', 'l', 'i', 'gli', 'le', 'un', 'una', 'mio', 'mia', 'di', 'del', 'a', 'al', 'e', 'io', 'mi', 'opzione', 'dottore', 'dottoressa'],
  buttons: { reminder: ['Confermo', 'Disdico'], rebook: ['Sì', 'No'], recall: ['Prenota visita', 'No grazie'] },
  numberWords: ['uno', 'due', 'tre', 'quattro', 'cinque'],
  scoreWords: ['stella', 'stelle', 'punto', 'punti', 'voto', 'su', 'di'],
};
