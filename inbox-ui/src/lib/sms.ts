// SMS length as the composer counts it: GSM-7 (with its extension table) or UCS-2.
const GSM = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€';

export function smsSegments(text: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number } {
  let units = 0;
  for (const char of text) {
    if (GSM.includes(char)) units += 1;
    else if (GSM_EXTENDED.includes(char)) units += 2;
    else return ucs2(text);
  }
  return { encoding: 'GSM-7', segments: units === 0 ? 0 : units <= 160 ? 1 : Math.ceil(units / 153) };
}

function ucs2(text: string) {
  const units = text.length;
  return { encoding: 'UCS-2' as const, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
