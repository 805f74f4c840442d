import { Inject, Injectable } from '@nestjs/common';
import { Clock, CLOCK, PlatformConfig } from '@lib/platform';
import { BdlBoxScoresScraper } from './balldontlie/bdl-box-scores.scraper';
import { BdlGamesScraper } from './balldontlie/bdl-games.scraper';
import { BdlPlayerStatsScraper } from './balldontlie/bdl-player-stats.scraper';
import { BdbPlayByPlayScraper } from './bigdataball/bdb-play-by-play.scraper';
import { EspnGameSummaryScraper } from './espn/espn-game-summary.scraper';
import { EspnScoreboardScraper } from './espn/espn-scoreboard.scraper';
import { NbacBoxscoreScraper } from './nbacom/nbac-boxscore.scraper';
import { NbacInjuryReportScraper } from './nbacom/nbac-injury-report.scraper';
import { NbacPlayByPlayScraper } from './nbacom/nbac-play-by-play.scraper';
import { NbacPlayerListScraper } from './nbacom/nbac-player-list.scraper';
import { NbacRefereeAssignmentsScraper } from './nbacom/nbac-referee-assignments.scraper';
import { NbacScheduleScraper } from './nbacom/nbac-schedule.scraper';
import { NbacScoreboardScraper } from './nbacom/nbac-scoreboard.scraper';
import { OddsEventsScraper } from './oddsapi/odds-events.scraper';
import { OddsPlayerPointsScraper } from './oddsapi/odds-player-points.scraper';

/** Every scraper of phase 1, one instance each, configured once. */
@Injectable()
export class Phase1Scrapers {
  readonly nbacSchedule = new NbacScheduleScraper();
  readonly nbacScoreboard = new NbacScoreboardScraper();
  readonly nbacBoxscore = new NbacBoxscoreScraper();
  readonly nbacPlayByPlay = new NbacPlayByPlayScraper();
  readonly nbacPlayerList = new NbacPlayerListScraper();
  readonly bdlGames = new BdlGamesScraper();
  readonly bdlPlayerStats = new BdlPlayerStatsScraper();
  readonly bdlBoxScores = new BdlBoxScoresScraper();
  readonly espnScoreboard = new EspnScoreboardScraper();
  readonly espnGameSummary = new EspnGameSummaryScraper();
  readonly oddsEvents: OddsEventsScraper;
  readonly oddsPlayerPoints: OddsPlayerPointsScraper;
  readonly bdbPlayByPlay = new BdbPlayByPlayScraper();
  readonly nbacInjuryReport: NbacInjuryReportScraper;
  readonly nbacRefereeAssignments: NbacRefereeAssignmentsScraper;

  constructor(config: PlatformConfig, @Inject(CLOCK) clock: Clock) {
    this.oddsEvents = new OddsEventsScraper(config.ODDS_API_KEY);
    this.oddsPlayerPoints = new OddsPlayerPointsScraper(config.ODDS_API_KEY);
    this.nbacInjuryReport = new NbacInjuryReportScraper(
      { firstHourEt: config.INJURY_REPORT_FIRST_HOUR_ET, lastHourEt: config.INJURY_REPORT_LAST_HOUR_ET },
      clock,
      config.SCRAPES_IN_FLIGHT_PER_PROVIDER,
    );
    this.nbacRefereeAssignments = new NbacRefereeAssignmentsScraper(clock);
  }
}
