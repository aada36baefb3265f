// Preferences are cached in the browser so the timer starts instantly, then
// reconciled with the copy the backend keeps in Forge storage.
const localStorageKey = 'prefs';
const SPEAKER_KEY = 'standup:current-speaker';

export function loadCachedPrefs() {
  try {
    const raw = localStorage.getItem(localStorageKey);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function cachePrefs(prefs) {
  localStorage.setItem('prefs', JSON.stringify(prefs));
}

// Version 1.0 kept the theme in a cookie; read it once so users keep their choice.
export function legacyTheme() {
  const match = document.cookie.match(/(?:^|;\s*)standup_theme=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : null;
}

export function currentSpeaker() {
  const index = Number(window.sessionStorage.getItem(SPEAKER_KEY));
  return Number.isFinite(index) ? index : 0;
}

export function rememberSpeaker(index) {
  window.sessionStorage.setItem(SPEAKER_KEY, String(index));
}
