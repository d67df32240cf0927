// Who is logged in and in which language the inbox speaks.
import { api, useCsrfToken, type User } from '../api/client.ts';
import { dictionaries, isLang, type Lang } from '../i18n.ts';

const LANG_KEY = 'lang';

class Session {
  user = $state<User | null>(null);
  checked = $state(false);
  /** The language chosen on this browser (remembered), Spanish until someone picks another. */
  lang = $state<Lang>(storedLang());
  t = $derived(dictionaries[this.lang]);

  constructor() {
    document.documentElement.lang = this.lang;
  }

  async load() {
    try {
      const answer = await api<{ user: User | null; csrfToken?: string }>('/auth/session');
      useCsrfToken(answer.csrfToken);
      this.user = answer.user;
    } catch {
      this.user = null;
    }
    this.checked = true;
  }

  /** `code`: the authenticator app's, once the server answered 401 totp_required (two-factor on). */
  async login(email: string, password: string, code?: string) {
    const answer = await api<{ user: User; csrfToken: string }>('/auth/login', { method: 'POST', body: { email, password, ...(code ? { code } : {}) } });
    useCsrfToken(answer.csrfToken);
    this.user = answer.user;
  }

  async logout() {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    useCsrfToken(null);
    this.user = null;
  }

  setLang(lang: Lang) {
    this.lang = lang;
    document.documentElement.lang = lang;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      /* private mode or full storage: the choice lasts until the tab closes */
    }
  }
}

function storedLang(): Lang {
  try {
    const stored = localStorage.getItem(LANG_KEY);
    return isLang(stored) ? stored : 'es';
  } catch {
    return 'es';
  }
}

export const session = new Session();
