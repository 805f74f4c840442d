import { isCalendarDate } from '@lib/messaging';
import { renderDateStory, renderStatusPage } from './status-page.renderer';
import { StatusService } from './status.service';

export interface StatusAnswer {
  status: number;
  contentType: string;
  body: string;
}

const html = (body: string): StatusAnswer => ({ status: 200, contentType: 'text/html; charset=utf-8', body });
const refused = (message: string): StatusAnswer => ({ status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: [message] }) });

/**
 * GET /status[?to=YYYY-MM-DD] and GET /status/dates/YYYY-MM-DD, the same on phase 1 and on the local
 * operator endpoint. Undefined for any other path.
 */
export async function answerStatusRequest(service: StatusService, pathname: string, searchParams: URLSearchParams): Promise<StatusAnswer | undefined> {
  if (pathname === '/status' || pathname === '/status/') {
    const to = searchParams.get('to') ?? undefined;
    if (to !== undefined && !isCalendarDate(to)) return refused(`to must be a real YYYY-MM-DD date, got ${JSON.stringify(to)}`);
    return html(renderStatusPage(await service.model(to)));
  }
  const story = /^\/status\/dates\/([^/]+)$/.exec(pathname);
  if (story) {
    const gameDate = decodeURIComponent(story[1]);
    if (!isCalendarDate(gameDate)) return refused(`the date in /status/dates/<date> must be a real YYYY-MM-DD date, got ${JSON.stringify(gameDate)}`);
    return html(renderDateStory(await service.story(gameDate)));
  }
  return undefined;
}
