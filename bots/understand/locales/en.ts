import type { LocaleVocabulary } from '../vocabulary.ts';

export const en: LocaleVocabulary = {
  yes: ['yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'fine', 'correct', 'absolutely', 'definitely', 'of course', 'no problem', 'great', 'perfect', 'alright'],
  no: ['no', 'n', 'nope', 'nah', "can't", 'cannot'],
  confirm: ['confirm', 'confirmed', 'confirming', 'will be there', "i'll be there", 'see you', 'attending', 'coming'],
  cancel: ['cancel', 'cancelled', 'canceled', 'cancelling', "can't make it", 'cannot make it', "won't make it", 'not coming', "won't be there", "can't come"],
  book: ['book', 'booking', 'appointment', 'book appointment', 'schedule', 'i want', 'want', 'yes please', 'interested', 'another', 'new', 'rebook'],
  decline: ['no thanks', 'no thank you', 'not interested', 'not now', 'maybe later', 'later', "don't want"],
  ignorable: ['thanks', 'thank', 'you', 'thx', 'ty', 'please', 'hi', 'hello', 'hey', 'dear', 'i', "i'm", 'the', 'a', 'an', 'my', 'it', 'to', 'will', 'be', 'we', 'me', 'for', 'and', 'option', 'doctor', 'dr'],
  buttons: { reminder: ['Confirm', 'Cancel'], rebook: ['Yes', 'No'], recall: ['Book appointment', 'No thanks'] },
  numberWords: ['one', 'two', 'three', 'four', 'five'],
  scoreWords: ['star', 'stars', 'point', 'points', 'out', 'of', 'score', 'rating'],
};
