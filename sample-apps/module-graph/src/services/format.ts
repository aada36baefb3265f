export function formatReport(title: string): string {
  return `# ${title}`;
}
