import { describe, expect, it } from 'vitest';
import { mapBaileysMessage } from './baileys-message-mapper.ts';
import { webMessageInfoFixture } from './fixtures/load-fixtures.ts';

const map = (name: string) => mapBaileysMessage(webMessageInfoFixture(name));

describe('Baileys WebMessageInfo → InboundMessage', () => {
  it('when a patient shares contact cards, then their names (and the phones on the vCard) come through instead of nothing', () => {
    const one = { ...webMessageInfoFixture('conversation'), message: { contactMessage: { displayName: 'Dra. Ana García', vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Dra. Ana García\nTEL;type=CELL:+34911222333\nEND:VCARD' } } };
    expect(mapBaileysMessage(one)).toMatchObject({ text: '', contacts: [{ name: 'Dra. Ana García', phones: ['+34911222333'] }] });
    const two = { ...webMessageInfoFixture('conversation'), message: { contactsArrayMessage: { displayName: '2 contactos', contacts: [{ displayName: 'Luis' }, { displayName: 'Eva' }] } } };
    expect(mapBaileysMessage(two)?.contacts).toEqual([{ name: 'Luis' }, { name: 'Eva' }]);
  });

  it('when a patient shares a location, then its coordinates, name and address come through instead of nothing', () => {
    const info = { ...webMessageInfoFixture('conversation'), message: { locationMessage: { degreesLatitude: 40.4378698, degreesLongitude: -3.8196188, name: 'Hospital del Niño Jesús', address: 'Calle de Alcalá 45, Madrid' } } };
    expect(mapBaileysMessage(info)).toMatchObject({ text: '', media: [], location: { latitude: 40.4378698, longitude: -3.8196188, label: 'Hospital del Niño Jesús', address: 'Calle de Alcalá 45, Madrid' } });
  });

  it('when a patient sends plain text (conversation), then it is a whatsapp message from the E.164 number', () => {
    expect(map('conversation')).toEqual({
      providerMessageId: '3EB0C431C26A1916E07A',
      from: '+34600111222',
      kind: 'whatsapp',
      text: 'Hola, quería pedir cita',
      media: [],
      sentByClinic: false,
      profileName: 'María',
      receivedAt: new Date(1767258000 * 1000),
    });
  });

  it('when a patient replies quoting a message (extendedTextMessage), then the text is the reply', () => {
    expect(map('extendedText')).toMatchObject({ text: 'Sí, confirmo https://maps.example.com/clinica', media: [], sentByClinic: false });
  });

  it('when the chat has disappearing messages, then the wrapped text is unwrapped', () => {
    expect(map('ephemeralText')).toMatchObject({ from: '+393123456789', text: "Confermo l'appuntamento" });
  });

  it('when a patient sends an image with a caption, then the caption is the text and the image is media', () => {
    const message = map('imageWithCaption');
    expect(message?.text).toBe('Foto de la receta');
    expect(message?.media).toEqual([{ url: expect.stringMatching(/^whatsapp-web-media:/), mimeType: 'image/jpeg', caption: 'Foto de la receta' }]);
  });

  it('when a patient sends a video with a caption, then the caption is the text', () => {
    expect(map('videoWithCaption')).toMatchObject({ from: '+33612345678', text: "Voici la vidéo de l'exercice", media: [{ mimeType: 'video/mp4' }] });
  });

  it('when a patient sends a document with a caption, then the wrapper is unwrapped and the caption kept', () => {
    expect(map('documentWithCaption')).toMatchObject({ text: 'Mi informe del hospital', media: [{ mimeType: 'application/pdf', caption: 'Mi informe del hospital', fileName: 'informe.pdf' }] });
  });

  it('when a patient presses a button (buttonsResponseMessage), then it is a button reply with text and id', () => {
    expect(map('buttonsResponse')).toMatchObject({ text: 'Agendar cita', buttonReply: { text: 'Agendar cita', payload: 'recall_book' } });
  });

  it('when a patient picks a list row (listResponseMessage), then it is a button reply with the row id', () => {
    expect(map('listResponse')).toMatchObject({ text: 'Martes 10:30', buttonReply: { text: 'Martes 10:30', payload: 'slot_2026-01-06T10:30' } });
  });

  it('when a patient presses a template button (templateButtonReplyMessage), then it is a button reply', () => {
    expect(map('templateButtonReply')).toMatchObject({ text: 'Confirmar', buttonReply: { text: 'Confirmar', payload: 'reminder_confirm' } });
  });

  it('when a patient answers an interactive message (interactiveResponseMessage), then the id comes from paramsJson', () => {
    expect(map('interactiveResponse')).toMatchObject({ text: 'No gracias', buttonReply: { text: 'No gracias', payload: 'recall_decline' } });
  });

  it('when the clinic writes from its own phone (fromMe), then the message is marked sent by the clinic, to the patient', () => {
    const message = map('fromMeOnClinicPhone');
    expect(message).toMatchObject({ from: '+34600111222', text: 'Le esperamos mañana a las 10', sentByClinic: true });
    expect(message?.profileName).toBeUndefined();
  });

  it('when the sender is an @lid id, then it maps only if the server can resolve the phone', () => {
    const info = webMessageInfoFixture('lidSender');
    expect(mapBaileysMessage(info)).toBeUndefined();
    const resolved = mapBaileysMessage(info, { resolveLid: (jid) => (jid === '203456789012345@lid' ? '+34600111222' : undefined) });
    expect(resolved).toMatchObject({ from: '+34600111222', text: 'Hola' });
  });

  it('when a message is from a group, a reaction or a protocol message, then it is not a patient message', () => {
    expect(map('group')).toBeUndefined();
    expect(map('reaction')).toBeUndefined();
    expect(map('protocolRevoke')).toBeUndefined();
  });
});
