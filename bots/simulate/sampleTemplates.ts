// Texts the simulator shows when no clinic templates are plugged in. The real texts are the clinic's templates
// (templates/ defaults, customisable); the recall replies follow the clinics' own wording (seed 003).
import type { BotLocale, TemplateEvent } from '../ports.ts';

export type TemplateTexts = Record<TemplateEvent, string>;

export const SAMPLE_TEMPLATES: Record<BotLocale, TemplateTexts> = {
  es: {
    reminder: 'Hola, te recordamos tu cita de mañana a las 10:00. ¿La confirmas?',
    reminder_confirmed: '¡Gracias! Tu cita queda confirmada.',
    reminder_cancelled: 'Hemos cancelado tu cita.',
    rebook_offer: '¿Quieres que te busquemos otra fecha?',
    recall: 'Hola, ya toca tu revisión. ¿Quieres que te demos cita?',
    recall_accepted: '¿Prefieres mañanas o tardes?',
    recall_rejected: 'Muchas gracias, nos pondremos en contacto contigo más adelante',
    followup_thanks: 'Gracias por tu visita. ¡Hasta pronto!',
    followup_survey: '¿Qué tal tu visita? Responde con una puntuación del 1 al 5.',
    followup_low_score: 'Sentimos que no haya sido una buena experiencia. Te llamaremos para saber más.',
    followup_high_score: '¡Gracias! Nos ayudaría mucho tu opinión en https://example.org/resenas',
  },
  en: {
    reminder: 'Hello, this is a reminder of your appointment tomorrow at 10:00. Can you confirm?',
    reminder_confirmed: 'Thank you! Your appointment is confirmed.',
    reminder_cancelled: 'We have cancelled your appointment.',
    rebook_offer: 'Would you like us to find you another date?',
    recall: 'Hello, your check-up is due. Would you like to book an appointment?',
    recall_accepted: 'Do you prefer mornings or afternoons?',
    recall_rejected: 'Thank you very much, we will get in touch with you later on',
    followup_thanks: 'Thank you for your visit. See you soon!',
    followup_survey: 'How was your visit? Reply with a score from 1 to 5.',
    followup_low_score: 'We are sorry it was not a good experience. We will call you to hear more.',
    followup_high_score: 'Thank you! A review at https://example.org/reviews would help us a lot.',
  },
  it: {
    reminder: 'Buongiorno, le ricordiamo l’appuntamento di domani alle 10:00. Conferma?',
    reminder_confirmed: 'Grazie! L’appuntamento è confermato.',
    reminder_cancelled: 'Abbiamo disdetto il suo appuntamento.',
    rebook_offer: 'Vuole che le troviamo un’altra data?',
    recall: 'Buongiorno, è il momento del suo controllo. Vuole prenotare una visita?',
    recall_accepted: 'Preferisce la mattina o il pomeriggio?',
    recall_rejected: 'Grazie mille, la ricontatteremo più avanti',
    followup_thanks: 'Grazie per la visita. A presto!',
    followup_survey: 'Com’è andata la visita? Risponda con un voto da 1 a 5.',
    followup_low_score: 'Ci dispiace che non sia stata una buona esperienza. La chiameremo per saperne di più.',
    followup_high_score: 'Grazie! Una recensione su https://example.org/recensioni ci aiuterebbe molto.',
  },
  fr: {
    reminder: 'Bonjour, nous vous rappelons votre rendez-vous demain à 10h00. Le confirmez-vous ?',
    reminder_confirmed: 'Merci ! Votre rendez-vous est confirmé.',
    reminder_cancelled: 'Nous avons annulé votre rendez-vous.',
    rebook_offer: 'Souhaitez-vous que nous vous proposions une autre date ?',
    recall: 'Bonjour, c’est le moment de votre contrôle. Souhaitez-vous prendre rendez-vous ?',
    recall_accepted: 'Préférez-vous le matin ou l’après-midi ?',
    recall_rejected: 'Merci beaucoup, nous reprendrons contact avec vous plus tard',
    followup_thanks: 'Merci pour votre visite. À bientôt !',
    followup_survey: 'Comment s’est passée votre visite ? Répondez par une note de 1 à 5.',
    followup_low_score: 'Nous sommes désolés que l’expérience n’ait pas été bonne. Nous vous appellerons pour en savoir plus.',
    followup_high_score: 'Merci ! Un avis sur https://example.org/avis nous aiderait beaucoup.',
  },
};
