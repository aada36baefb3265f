import api from '@forge/api';

// Write key is set with `forge variables set --encrypt SEGMENT_WRITE_KEY ...`.
function authHeader() {
  const writeKey = process.env.SEGMENT_WRITE_KEY ?? '';
  return `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
}

export async function trackServerEvent(accountId, event, properties) {
  if (!process.env.SEGMENT_WRITE_KEY) {
    return;
  }
  try {
    const response = await api.fetch('https://api.segment.io/v1/track', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: authHeader() },
      body: JSON.stringify({
        userId: accountId,
        event,
        properties,
        timestamp: new Date().toISOString(),
      }),
    });
    if (!response.ok) {
      console.warn(`Segment rejected ${event}: ${response.status}`);
    }
  } catch (err) {
    // Tracking must never break the dashboard.
    console.warn('Segment tracking failed', err.message);
  }
}
