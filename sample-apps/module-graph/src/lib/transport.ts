const BASE = 'https://api-js.mixpanel.com';

export async function send(path: string, body: object) {
  return fetch(BASE + path, { method: 'POST', body: JSON.stringify(body) });
}
