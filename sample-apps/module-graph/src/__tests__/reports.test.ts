import { saveReport } from '../storage/reports';

jest.mock('@aws-sdk/client-s3');

test('saves a report', async () => {
  await saveReport('ISSUE-1', 'body');
});
