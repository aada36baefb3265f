import React, { useEffect, useState } from 'react';
import ForgeReconciler, { Button, Form, FormSection, Heading, Label, Stack, Text, Textfield, useForm } from '@forge/react';
import { invoke, permissions } from '@forge/bridge';
import { EgressType } from '@forge/egress';

const Admin = () => {
  const [settings, setSettings] = useState(null);
  const [status, setStatus] = useState('');
  const { handleSubmit, register } = useForm();

  useEffect(() => {
    invoke('getSettings').then(setSettings);
  }, []);

  const onSubmit = async (data) => {
    const url = new URL(data.hookUrl);
    // Customer-managed egress: the site admin approves the receiver's domain.
    await permissions.egress.set({
      egresses: [
        {
          key: 'webhook-receivers',
          description: 'Receivers of Jira issue webhooks',
          configured: [{ domain: url.hostname, type: [EgressType.FetchBackendSide] }],
        },
      ],
    });
    const hooks = [{ id: 'primary', url: data.hookUrl, enabled: true }];
    const alerts = { ...settings.alerts, smsTo: data.smsTo, digestTo: data.digestTo };
    await invoke('saveSettings', { hooks, alerts, twilioToken: data.twilioToken, sendgridKey: data.sendgridKey });
    setStatus('Saved.');
  };

  if (!settings) {
    return <Text>Loading…</Text>;
  }

  return (
    <Stack space="space.200">
      <Heading as="h2">Webhook Relay</Heading>
      <Form onSubmit={handleSubmit(onSubmit)}>
        <FormSection>
          <Label labelFor="hookUrl">Receiver URL</Label>
          <Textfield {...register('hookUrl')} defaultValue={settings.hooks[0]?.url ?? ''} />
          <Label labelFor="smsTo">SMS alerts to</Label>
          <Textfield {...register('smsTo')} defaultValue={settings.alerts.smsTo} />
          <Label labelFor="twilioToken">Twilio auth token {settings.twilioTokenSet ? '(set)' : ''}</Label>
          <Textfield type="password" {...register('twilioToken')} />
          <Label labelFor="digestTo">Daily digest to</Label>
          <Textfield {...register('digestTo')} defaultValue={settings.alerts.digestTo} />
          <Label labelFor="sendgridKey">E-mail API key {settings.sendgridKeySet ? '(set)' : ''}</Label>
          <Textfield type="password" {...register('sendgridKey')} />
        </FormSection>
        <Button type="submit" appearance="primary">Save</Button>
      </Form>
      {status && <Text>{status}</Text>}
    </Stack>
  );
};

ForgeReconciler.render(
  <React.StrictMode>
    <Admin />
  </React.StrictMode>,
);
