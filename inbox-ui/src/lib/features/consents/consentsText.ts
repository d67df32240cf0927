// The patient panel's consent words, Spanish first, then English, Italian and French. Every language has every
// key of the Spanish one: a missing word is a type error, not a blank on screen.
import type { Lang } from '../../i18n.ts';

const es = {
  title: 'Consentimientos',
  help: 'Un clic cambia el consentimiento y queda en el historial con tu nombre, la hora y la nota.',
  purpose: 'Finalidad',
  purposes: { appointments: 'Mensajes de citas', recalls: 'Revisiones', surveys: 'Encuestas', marketing: 'Promociones', automated_messages: 'Todos los automáticos', privacy: 'Privacidad' } as Record<string, string>,
  allAutomated: 'Todos los automáticos',
  allAutomatedHelp: 'Desmarcado: el paciente se dio de baja (BAJA/STOP) en ese canal y no recibe ningún mensaje automático.',
  privacy: 'Consentimiento de privacidad',
  byDefault: 'por defecto',
  note: 'Nota (opcional)',
  notePlaceholder: 'p. ej. lo pidió por teléfono',
  history: 'Historial',
  noHistory: 'Sin cambios registrados.',
  granted: 'Concedido',
  withdrawn: 'Retirado',
  textShown: 'Texto mostrado',
  sources: { reception: 'Recepción', patient_keyword: 'Palabra del paciente', provider: 'Proveedor', pms: 'Programa de gestión', web_form: 'Formulario web' } as Record<string, string>,
  saved: 'Guardado en el historial.',
  allChannels: 'todos los canales',
};

export type ConsentsText = typeof es;

const en: ConsentsText = {
  title: 'Consents',
  help: 'One click changes a consent; the history records your name, the time and the note.',
  purpose: 'Purpose',
  purposes: { appointments: 'Appointment messages', recalls: 'Recalls', surveys: 'Surveys', marketing: 'Marketing', automated_messages: 'All automated', privacy: 'Privacy' },
  allAutomated: 'All automated',
  allAutomatedHelp: 'Unticked: the patient opted out (STOP) on that channel and gets no automated message there.',
  privacy: 'Privacy consent',
  byDefault: 'default',
  note: 'Note (optional)',
  notePlaceholder: 'e.g. asked on the phone',
  history: 'History',
  noHistory: 'No changes recorded.',
  granted: 'Granted',
  withdrawn: 'Withdrawn',
  textShown: 'Text shown',
  sources: { reception: 'Reception', patient_keyword: "Patient's keyword", provider: 'Provider', pms: 'Practice software', web_form: 'Web form' },
  saved: 'Saved in the history.',
  allChannels: 'every channel',
};

const it: ConsentsText = {
  title: 'Consensi',
  help: 'Un clic cambia il consenso; lo storico registra il tuo nome, l’ora e la nota.',
  purpose: 'Finalità',
  purposes: { appointments: 'Messaggi sugli appuntamenti', recalls: 'Richiami', surveys: 'Sondaggi', marketing: 'Promozioni', automated_messages: 'Tutti gli automatici', privacy: 'Privacy' },
  allAutomated: 'Tutti gli automatici',
  allAutomatedHelp: 'Non spuntato: il paziente si è disiscritto (STOP) su quel canale e non riceve messaggi automatici.',
  privacy: 'Consenso privacy',
  byDefault: 'predefinito',
  note: 'Nota (facoltativa)',
  notePlaceholder: 'es. richiesto al telefono',
  history: 'Storico',
  noHistory: 'Nessuna modifica registrata.',
  granted: 'Concesso',
  withdrawn: 'Revocato',
  textShown: 'Testo mostrato',
  sources: { reception: 'Reception', patient_keyword: 'Parola del paziente', provider: 'Fornitore', pms: 'Gestionale', web_form: 'Modulo web' },
  saved: 'Salvato nello storico.',
  allChannels: 'tutti i canali',
};

const fr: ConsentsText = {
  title: 'Consentements',
  help: 'Un clic change le consentement ; l’historique garde votre nom, l’heure et la note.',
  purpose: 'Finalité',
  purposes: { appointments: 'Messages de rendez-vous', recalls: 'Rappels de suivi', surveys: 'Enquêtes', marketing: 'Promotions', automated_messages: 'Tous les automatiques', privacy: 'Confidentialité' },
  allAutomated: 'Tous les automatiques',
  allAutomatedHelp: 'Décoché : le patient s’est désinscrit (STOP) sur ce canal et ne reçoit aucun message automatique.',
  privacy: 'Consentement de confidentialité',
  byDefault: 'par défaut',
  note: 'Note (facultative)',
  notePlaceholder: 'ex. demandé au téléphone',
  history: 'Historique',
  noHistory: 'Aucun changement enregistré.',
  granted: 'Accordé',
  withdrawn: 'Retiré',
  textShown: 'Texte affiché',
  sources: { reception: 'Accueil', patient_keyword: 'Mot du patient', provider: 'Fournisseur', pms: 'Logiciel de gestion', web_form: 'Formulaire web' },
  saved: 'Enregistré dans l’historique.',
  allChannels: 'tous les canaux',
};

export const consentsText: Record<Lang, ConsentsText> = { es, en, it, fr };
