import React, { useEffect, useState } from 'react';
import ForgeReconciler, { Box, Inline, Lozenge, Spinner, Text } from '@forge/react';
import { invoke } from '@forge/bridge';

const Glance = () => {
  const [data, setData] = useState(null);

  useEffect(() => {
    invoke('getLinkedTicket').then(setData).catch(() => setData({ linked: true, unavailable: true }));
  }, []);

  if (!data) {
    return <Spinner label="Loading ticket" />;
  }
  if (!data.linked) {
    return <Text>No Legacy Tracker ticket is linked to this issue.</Text>;
  }
  if (data.unavailable || !data.ticket) {
    return <Text>Ticket {data.ticketId}: Legacy Tracker is not reachable right now.</Text>;
  }

  const { ticket } = data;
  return (
    <Box>
      <Inline space="space.100">
        <Text>Ticket {ticket.id}</Text>
        <Lozenge appearance={ticket.state === 'closed' ? 'success' : 'inprogress'}>{ticket.state}</Lozenge>
      </Inline>
      <Text>Owner: {ticket.owner}</Text>
      <Text>Last updated: {new Date(ticket.updated).toLocaleString()}</Text>
    </Box>
  );
};

ForgeReconciler.render(
  <React.StrictMode>
    <Glance />
  </React.StrictMode>,
);
