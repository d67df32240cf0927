import type { LocaleVocabulary } from '../vocabulary.ts';

export const es: LocaleVocabulary = {
  yes: ['sí', 'si', 's', 'sip', 'vale', 'ok', 'okey', 'okay', 'claro', 'perfecto', 'correcto', 'de acuerdo', 'por supuesto', 'bien', 'genial', 'afirmativo'],
  no: ['no', 'n', 'nop', 'no puedo', 'no podré', 'no iré', 'imposible'],
  confirm: ['confirmo', 'confirmar', 'confirmado', 'confirmada', 'allí estaré', 'ahí estaré', 'asistiré', 'iré', 'voy'],
  cancel: ['cancelar', 'cancelo', 'cancela', 'cancelada', 'anular', 'anulo', 'anula', 'anulada', 'no voy', 'no asistiré', 'no podré ir'],
  confirmAlone: ['y'],
  book: ['quiero', 'quiero cita', 'agendar', 'agendar cita', 'cita', 'reservar', 'reserva', 'pedir', 'me interesa', 'otra', 'nueva', 'sí por favor'],
  decline: ['no gracias', 'no me interesa', 'ahora no', 'más adelante', 'no quiero', 'no quiero cita'],
  ignorable: ['gracias', 'muchas', 'mil', 'por', 'favor', 'hola', 'buenos', 'buenas', 'días', 'tardes', 'noches', 'saludos', 'un', 'una', 'el', 'la', 'los', 'las', 'lo', 'mi', 'de', 'del', 'a', 'al', 'para', 'que', 'y', 'e', 'yo', 'me', 'te', 'ya', 'pues', 'opción', 'doctor', 'doctora'],
  buttons: { reminder: ['Confirmar', 'Cancelar'], rebook: ['Sí', 'No'], recall: ['Agendar cita', 'No gracias'] },
  numberWords: ['uno', 'dos', 'tres', 'cuatro', 'cinco'],
  scoreWords: ['estrella', 'estrellas', 'punto', 'puntos', 'nota', 'de', 'sobre'],
};
