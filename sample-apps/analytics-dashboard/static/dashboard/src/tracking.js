import mixpanel from 'mixpanel-browser';
import * as FullStory from '@fullstory/browser';
import { invoke } from '@forge/bridge';

const MIXPANEL_TOKEN = process.env.REACT_APP_MIXPANEL_TOKEN;
const FULLSTORY_ORG = process.env.REACT_APP_FULLSTORY_ORG;

let ready = false;

export function initTracking() {
  if (ready || !MIXPANEL_TOKEN) {
    return;
  }
  mixpanel.init(MIXPANEL_TOKEN, {
    api_host: 'https://api-eu.mixpanel.com',
    persistence: 'localStorage',
    ip: false,
  });
  if (FULLSTORY_ORG) {
    FullStory.init({ orgId: FULLSTORY_ORG, devMode: process.env.NODE_ENV !== 'production' });
  }
  ready = true;
}

export function track(event, properties = {}) {
  if (ready) {
    mixpanel.track(event, properties);
  }
  // Mirror UI events to the backend so they reach the warehouse too.
  invoke('trackUiEvent', { event, properties }).catch(() => {});
}
