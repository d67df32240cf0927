import type { LocaleVocabulary } from '../vocabulary.ts';

export const fr: LocaleVocabulary = {
  yes: ['oui', 'o', 'ouais', 'ok', 'okay', "d'accord", 'parfait', 'bien sûr', "c'est bon", 'certainement', 'exact', 'volontiers'],
  no: ['non', 'n', 'je ne peux pas', 'pas possible', 'impossible'],
  confirm: ['confirme', 'confirmé', 'confirmer', 'je confirme', "j'y serai", 'je serai là', 'présent', 'présente', 'je viens'],
  cancel: ['annuler', 'annule', 'annulé', 'annulation', "j'annule", 'je ne viendrai pas', 'je ne peux pas venir'],
  book: ['prendre rendez-vous', 'rendez-vous', 'prendre', 'rdv', 'réserver', 'veux', 'je veux', 'souhaite', 'nouveau', 'autre', 'intéressé'],
  decline: ['non merci', 'pas intéressé', 'pas maintenant', 'plus tard', 'je ne veux pas'],
  ignorable: ['merci', 'beaucoup', 'bonjour', 'bonsoir', 'salut', 'svp', 'stp', "s'il", 'vous', 'plaît', 'je', 'le', 'la', 'les', 'l', 'mon', 'ma', 'mes', 'un', 'une', 'de', 'du', 'des', 'et', 'à', 'pour', 'option', 'docteur'],
  buttons: { reminder: ['Confirmer', 'Annuler'], rebook: ['Oui', 'Non'], recall: ['Prendre rendez-vous', 'Non merci'] },
  numberWords: ['un', 'deux', 'trois', 'quatre', 'cinq'],
  scoreWords: ['étoile', 'étoiles', 'point', 'points', 'note', 'sur'],
};
