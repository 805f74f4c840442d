import { SourceRoutes, textResponse } from './replay.http';

/**
 * NBA.com's injury report (ak-static.cms.nba.com/referee/injury/Injury-Report_<date>_<time>.pdf)
 * and referee assignments (official.nba.com/referee-assignments/): no real data of either is
 * bundled, so every path answers 404 rather than a made-up report.
 */
function unbundled(source: 'nba-injury-report' | 'nba-referee-assignments', what: string): SourceRoutes {
  return {
    source,
    routes: [],
    notFound: () => textResponse(404, `Not Found: no ${what} is bundled with the replay`, 'text/plain; charset=utf-8'),
  };
}

export const injuryReportRoutes = (): SourceRoutes => unbundled('nba-injury-report', 'NBA injury report');
export const refereeAssignmentRoutes = (): SourceRoutes => unbundled('nba-referee-assignments', 'NBA referee assignment');
