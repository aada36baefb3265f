import api from '@forge/api';

const headers = () => ({
  Accept: 'application/json',
  'X-Api-Key': process.env.LEGACY_API_KEY ?? '',
});

export async function fetchTicket(ticketId) {
  const id = encodeURIComponent(ticketId);
  const response = await api.fetch(`https://api.legacy-tracker.example.com/v2/tickets/${id}`, { headers: headers() });
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new Error(`Legacy Tracker returned ${response.status}`);
  }
  const ticket = await response.json();
  return { id: ticket.id, state: ticket.state, owner: ticket.owner_name, updated: ticket.updated_at };
}

// The status service predates our TLS migration and still answers on port 80 only.
export async function pingStatus() {
  const started = Date.now();
  try {
    const response = await api.fetch('http://status.legacy-tracker.example.com/api/ping', { method: 'GET' });
    return { up: response.ok, latencyMs: Date.now() - started };
  } catch (err) {
    return { up: false, latencyMs: null, error: err.message };
  }
}

// `forge tunnel` sessions point the heartbeat at the mock server from our dev setup.
export async function pingMock() {
  const response = await api.fetch('http://localhost:4000/api/ping');
  return { up: response.ok, latencyMs: 0 };
}
