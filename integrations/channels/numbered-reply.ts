// The other half of `buttonsAsText`: a patient answering numbered options by number ("1", "1.", "uno")
// or by the option's text ("agendar cita") picks that button. Spanish first, then English, Italian, French.

const NUMBER_WORDS: readonly (readonly string[])[] = [
  ['uno', 'una', 'primero', 'primera', 'one', 'first', 'primo', 'prima', 'un', 'une', 'premier', 'premiere'],
  ['dos', 'segundo', 'segunda', 'two', 'second', 'due', 'secondo', 'seconda', 'deux', 'deuxieme'],
  ['tres', 'tercero', 'tercera', 'three', 'third', 'tre', 'terzo', 'terza', 'trois', 'troisieme'],
  ['cuatro', 'cuarto', 'cuarta', 'four', 'fourth', 'quattro', 'quarto', 'quarta', 'quatre', 'quatrieme'],
  ['cinco', 'quinto', 'quinta', 'five', 'fifth', 'cinque', 'cinq', 'cinquieme'],
];

/** The button the reply picks, or undefined when it picks none (free text goes to the bot or a person). */
export function numberedReply(reply: string, buttons: readonly string[]): string | undefined {
  const answer = normalise(reply);
  if (answer === '') return undefined;
  const byText = buttons.find((button) => normalise(button) === answer);
  if (byText) return byText;
  const digits = /^(\d{1,2})$/.exec(answer);
  const index = digits?.[1] ? Number(digits[1]) - 1 : NUMBER_WORDS.findIndex((words) => words.includes(answer));
  return index >= 0 ? buttons[index] : undefined;
}

/** Lower case, no accents, no surrounding punctuation or emoji ("1." → "1", "¡Sí!" → "si"). */
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
    .replace(/\s+/g, ' ');
}
