// Who is logged in and in which language the inbox speaks.
import { api, type User } from '../api/client.ts';
import { dictionaries, type Lang } from '../i18n.ts';

class Session {
  user = $state<User | null>(null);
  checked = $state(false);
  lang = $state<Lang>((localStorage.getItem('lang') as Lang | null) ?? 'es');
  t = $derived(dictionaries[this.lang]);

  async load() {
    try {
      this.user = (await api<{ user: User | null }>('/auth/session')).user;
    } catch {
      this.user = null;
    }
    this.checked = true;
  }

  async login(email: string, password: string) {
    this.user = (await api<{ user: User }>('/auth/login', { method: 'POST', body: { email, password } })).user;
  }

  async logout() {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    this.user = null;
  }

  setLang(lang: Lang) {
    this.lang = lang;
    localStorage.setItem('lang', lang);
    document.documentElement.lang = lang;
  }
}

export const session = new Session();
