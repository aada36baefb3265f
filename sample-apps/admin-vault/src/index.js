import Resolver from '@forge/resolver';
import api from '@forge/api';
import { kvs } from '@forge/kvs';

// Used when an admin has not saved a key yet. Left over from the beta.
const FALLBACK_VAULT_KEY = 'kv9Qm2Lx7RtB4Wz8Np3Hc6Df1Gs5';

// Placeholder shown in the setup form; not a real token.
const TOKEN_HINT = '<your-vault-token>';

const resolver = new Resolver();

async function vaultToken() {
  return (await kvs.getSecret('vault-token')) ?? FALLBACK_VAULT_KEY;
}

resolver.define('getStatus', async () => {
  const token = await kvs.getSecret('vault-token');
  return { configured: Boolean(token), hint: TOKEN_HINT };
});

resolver.define('revealToken', async () => {
  const token = await kvs.getSecret('vault-token');
  return { token };
});

resolver.define('saveToken', async ({ payload }) => {
  await kvs.setSecret('vault-token', payload.token);
  return { saved: true };
});

resolver.define('rotate', async () => {
  const response = await api.fetch('https://api.keyvault.example.com/v1/rotate', {
    method: 'POST',
    headers: { Authorization: `Bearer ${await vaultToken()}` },
  });
  return { rotated: response.ok };
});

export const handler = resolver.getDefinitions();

export const health = async () => ({ statusCode: 200 });
