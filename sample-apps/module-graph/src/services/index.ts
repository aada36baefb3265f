export * from './analytics';
export { formatReport } from './format';
