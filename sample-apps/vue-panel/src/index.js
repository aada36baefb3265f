import Resolver from '@forge/resolver';
import { kvs } from '@forge/kvs';

const resolver = new Resolver();

resolver.define('getLayout', async ({ context }) => {
  return kvs.get(`layout-${context.extension.issue.key}`);
});

export const handler = resolver.getDefinitions();
