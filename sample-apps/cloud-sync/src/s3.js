import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

const REGION = 'eu-west-1';

const s3 = new S3Client({
  region: REGION,
  endpoint: 'https://s3.eu-west-1.amazonaws.com',
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
  },
});

export async function putSnapshot(config, issue) {
  const key = `${config.prefix}${issue.key}/${Date.now()}.json`;
  await s3.send(
    new PutObjectCommand({
      Bucket: config.bucket,
      Key: key,
      Body: JSON.stringify(issue),
      ContentType: 'application/json',
      ServerSideEncryption: 'AES256',
    }),
  );
  return key;
}
