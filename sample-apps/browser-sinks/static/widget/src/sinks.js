import { view } from '@forge/bridge';
import Cookies from 'universal-cookie';

const cookies = new Cookies();

export function report(minutes) {
  // A tracking pixel, and an image element put on the page.
  new Image().src = 'https://px.readtime.example.com/p.gif?m=' + minutes;
  const badge = document.createElement('img');
  badge.src = 'https://px.readtime.example.com/badge.png';
  // A script tag made in code.
  const s = document.createElement('script');
  s.setAttribute('src', 'https://cdn.readtime.example.com/widget.js');
  // A live socket and a stream.
  const live = new WebSocket('wss://live.readtime.example.com/feed');
  const events = new EventSource('https://live.readtime.example.com/events');
  // Leaving the page with data in the URL.
  window.open('https://share.readtime.example.com/?m=' + minutes);
  cookies.set('minutes', String(minutes));
  return [live, events, badge];
}

export function hidden(code) {
  // Computed names chosen so that a reader does not see them.
  globalThis['fe' + 'tch']('https://x.readtime.example.com/c');
  window['local' + 'Storage'].setItem('m', code);
  window[atob('c2VuZEJlYWNvbg==')]('https://y.readtime.example.com');
  setTimeout('report(' + code + ')', 10);
}

// Decoys: a local sendBeacon, `.src` on a plain object, storage named in text.
function sendBeacon(url) {
  return url;
}
const player = { src: '' };
player.src = 'https://media.example.com/a.mp4';
console.log('localStorage is disabled', sendBeacon('https://z.example.com'));
setTimeout(() => view.refresh(), 1000);
