export function timeText(iso: string | null, lang: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return today ? date.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) : date.toLocaleDateString(lang, { day: 'numeric', month: 'short' });
}

export function sinceText(iso: string | null, now: number): string {
  if (!iso) return '';
  const minutes = Math.max(0, Math.round((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} d`;
}
