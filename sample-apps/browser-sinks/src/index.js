import Resolver from '@forge/resolver';
import api, { fetch as forgeFetch, route } from '@forge/api';
import got from 'got';
import ky from 'ky';
import superagent from 'superagent';
import { request as undiciRequest } from 'undici';
import nodeFetch from 'node-fetch';
import https from 'node:https';

const resolver = new Resolver();
const region = process.env.READTIME_REGION;

resolver.define('words', async ({ payload }) => {
  const page = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${payload.id}`);
  // Computed URLs whose known parts name an egress entry:
  await api.fetch(`https://api.${region}.readtime.example.com/v1/words`);
  await forgeFetch(process.env.SLACK_WEBHOOK_URL, { method: 'POST', body: 'done' });
  // A computed URL that names nothing: reviewers must check it.
  await fetch(payload.callbackUrl);
  // Plain http:// does not use the https:// entry for the same host.
  await got.post('http://legacy.readtime.example.com/v1/log');
  await ky.get('https://api.wordcount.example.com/count');
  await superagent.post('https://api.wordcount.example.com/batch');
  await undiciRequest('https://api.wordcount.example.com/health');
  await nodeFetch('https://api.wordcount.example.com/ping');
  https.get({ hostname: 'api.wordcount.example.com', path: '/v2' });
  return page.json();
});

// A class with a fetch method of its own is not a network call.
class Cache {
  fetch(key) {
    return this[key];
  }
}
new Cache().fetch('https://not-a-call.example.com');

export const handler = resolver.getDefinitions();
