import { send } from '../lib/transport';

class AnalyticsService {
  track(event: string, issueId: string) {
    return send('/track', { event, issueId });
  }

  identify(accountId: string) {
    return accountId.length > 0;
  }
}

export const analytics = new AnalyticsService();
