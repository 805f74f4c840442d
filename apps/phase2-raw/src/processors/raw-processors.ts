import { rawProcessorForScraper, UnknownProcessorError } from '@lib/quality';
import { BdlBoxScoresProcessor, BdlGamesProcessor, BdlPlayerStatsProcessor } from './balldontlie.processors';
import { BdbPlayByPlayProcessor } from './bigdataball.processor';
import { EspnGameSummaryProcessor, EspnScoreboardProcessor } from './espn.processors';
import { NbacInjuryReportProcessor, NbacPlayerListProcessor, NbacRefereeAssignmentsProcessor } from './nbacom-reports.processors';
import { NbacBoxscoreProcessor, NbacPlayByPlayProcessor, NbacScheduleProcessor, NbacScoreboardProcessor } from './nbacom.processors';
import { OddsEventsProcessor, OddsPlayerPointsProcessor } from './odds-api.processors';
import { RawProcessor } from './raw-processor';

/** Every phase 2 processor, one per declared RAW_PROCESSORS entry, found by the scraper whose payloads it loads. */
export class RawProcessors {
  private readonly byName = new Map<string, RawProcessor>(
    [
      new NbacScheduleProcessor(),
      new NbacScoreboardProcessor(),
      new NbacBoxscoreProcessor(),
      new NbacPlayByPlayProcessor(),
      new BdlGamesProcessor(),
      new BdlPlayerStatsProcessor(),
      new BdlBoxScoresProcessor(),
      new EspnScoreboardProcessor(),
      new EspnGameSummaryProcessor(),
      new BdbPlayByPlayProcessor(),
      new OddsEventsProcessor(),
      new OddsPlayerPointsProcessor(),
      new NbacInjuryReportProcessor(),
      new NbacRefereeAssignmentsProcessor(),
      new NbacPlayerListProcessor(),
    ].map((processor) => [processor.name, processor]),
  );

  forScraper(scraper: string): RawProcessor {
    const processor = this.byName.get(rawProcessorForScraper(scraper).name);
    if (!processor) throw new UnknownProcessorError(scraper);
    return processor;
  }

  all(): RawProcessor[] {
    return [...this.byName.values()];
  }
}
