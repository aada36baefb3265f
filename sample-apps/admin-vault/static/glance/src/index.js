import { invoke } from '@forge/bridge';

const sentryDsn = 'https://4f1c9a7e2b3d4c5e@o4507.ingest.sentry.io/4508';

export async function load(element) {
  const status = await invoke('getStatus');
  element.textContent = status.configured ? 'Vault connected' : 'Vault not set up';
  element.dataset.dsn = sentryDsn;
}
