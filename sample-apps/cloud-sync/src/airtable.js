import axios from 'axios';
import { getAirtableToken } from './config';

const client = axios.create({ baseURL: 'https://api.airtable.com/v0', timeout: 10000 });

export async function upsertIssueRow(config, issue) {
  const token = await getAirtableToken();
  if (!token || !config.airtableBaseId) {
    return null;
  }
  const { data } = await client.post(
    `/${config.airtableBaseId}/${encodeURIComponent(config.airtableTable)}`,
    {
      performUpsert: { fieldsToMergeOn: ['Key'] },
      records: [
        {
          fields: {
            Key: issue.key,
            Summary: issue.fields.summary,
            Status: issue.fields.status?.name,
            Assignee: issue.fields.assignee?.displayName ?? '',
            Updated: issue.fields.updated,
          },
        },
      ],
    },
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return data.records?.[0]?.id ?? null;
}
