// Provider refusals in words a receptionist understands (Spanish first), and whether sending the message
// again as an approved template would get it through (WhatsApp's 24-hour customer-service window).
import type { LOCALES } from '../clinics/clinic.dto.ts';

export type SendErrorExplanation = { text: Record<(typeof LOCALES)[number], string>; sendAsTemplate: boolean };

/** Twilio 63016, Meta Cloud API 131047, and our own refusal before sending. */
export const WINDOW_CLOSED_CODES: readonly string[] = ['63016', '131047', 'whatsapp_window_closed'];

export function explainSendError(errorCode: string | null | undefined): SendErrorExplanation | null {
  if (!errorCode) return null;
  if (WINDOW_CLOSED_CODES.includes(errorCode)) return { text: WINDOW_CLOSED, sendAsTemplate: true };
  const text = OTHER_EXPLANATIONS[errorCode];
  return text ? { text, sendAsTemplate: false } : null;
}

const WINDOW_CLOSED = {
  es: 'WhatsApp no entregó este mensaje porque han pasado más de 24 horas desde el último mensaje del paciente. Fuera de esa ventana solo se pueden enviar plantillas aprobadas: envíalo como plantilla.',
  en: 'WhatsApp did not deliver this message because more than 24 hours have passed since the patient last wrote. Outside that window only approved templates can be sent: send it as a template.',
  it: "WhatsApp non ha consegnato questo messaggio perché sono passate più di 24 ore dall'ultimo messaggio del paziente. Fuori da questa finestra si possono inviare solo modelli approvati: invialo come modello.",
  fr: "WhatsApp n'a pas remis ce message car plus de 24 heures se sont écoulées depuis le dernier message du patient. En dehors de cette fenêtre, seuls les modèles approuvés peuvent être envoyés : envoyez-le comme modèle.",
};

const OPTED_OUT = {
  es: 'El paciente se ha dado de baja de los mensajes de la clínica en este canal.',
  en: "The patient has unsubscribed from the clinic's messages on this channel.",
  it: 'Il paziente ha disattivato i messaggi della clinica su questo canale.',
  fr: 'Le patient s’est désabonné des messages de la clinique sur ce canal.',
};

const INVALID_NUMBER = {
  es: 'El número del paciente no es válido para este canal. Revisa su teléfono en la ficha.',
  en: "The patient's number is not valid for this channel. Check the phone number on their record.",
  it: 'Il numero del paziente non è valido per questo canale. Controlla il telefono nella scheda.',
  fr: 'Le numéro du patient n’est pas valide pour ce canal. Vérifiez le téléphone dans sa fiche.',
};

const UNCONFIRMED = {
  es: 'El proveedor no confirmó si recibió este mensaje, así que no se repitió para no enviarlo dos veces. Comprueba con el paciente o envíalo de nuevo.',
  en: 'The provider did not confirm whether it took this message, so it was not repeated to avoid sending it twice. Check with the patient or send it again.',
  it: 'Il fornitore non ha confermato di aver ricevuto questo messaggio, quindi non è stato ripetuto per non inviarlo due volte. Verifica con il paziente o invialo di nuovo.',
  fr: 'Le fournisseur n’a pas confirmé avoir reçu ce message : il n’a pas été renvoyé pour éviter un doublon. Vérifiez avec le patient ou renvoyez-le.',
};

const OTHER_EXPLANATIONS: Readonly<Record<string, SendErrorExplanation['text']>> = {
  '21610': OPTED_OUT,
  '63032': OPTED_OUT,
  opted_out: OPTED_OUT,
  unconfirmed: UNCONFIRMED,
  interrupted: UNCONFIRMED,
  '21211': INVALID_NUMBER,
  '21614': INVALID_NUMBER,
  '63024': INVALID_NUMBER,
};
