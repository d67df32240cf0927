// Buttons for channels without native ones (SMS, WhatsApp Web, WhatsApp without a content template):
// numbered options the patient can answer by number or by text.

/** "¿Confirmas?" + ["Agendar cita", "No gracias"] → "¿Confirmas?\n\n1. Agendar cita\n2. No gracias". */
export function buttonsAsText(text: string, buttons: readonly string[] | undefined): string {
  if (!buttons || buttons.length === 0) return text;
  const options = buttons.map((button, index) => `${index + 1}. ${button}`).join('\n');
  return text.trim() === '' ? options : `${text}\n\n${options}`;
}
