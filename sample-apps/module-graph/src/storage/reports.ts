import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from './s3';

export async function saveReport(issueId: string, body: string) {
  await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: issueId, Body: body }));
}
