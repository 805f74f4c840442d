import fs from 'node:fs';
import path from 'node:path';
import { EASTERN, zonedTimeToUtc } from './game-time.derivation';
import { snapshotTime } from './odds-api.routes';
import { ReplayRequest, ReplayResponse, ReplaySource } from './replay.http';
import { PropLine, SeasonData } from './season-data.loader';

/** An NBA.com injury report PDF the replay may serve, and when NBA.com published it. */
export interface InjuryReportFile {
  fileName: string;
  filePath: string;
  publishedAt: Date;
}

/** 'Injury-Report_2025-11-05_05PM.pdf', 'Injury-Report_2025-12-23_05_30PM.pdf': NBA.com names each report by its US Eastern time. */
const INJURY_REPORT_FILE = /^Injury-Report_(?<date>\d{4}-\d{2}-\d{2})_(?<hour>\d{2})(?:_(?<minute>\d{2}))?(?<meridiem>AM|PM)\.pdf$/;

/** The publication instant a report's file name states, or undefined for a name that is not a report's. */
export function injuryReportPublishedAt(fileName: string): Date | undefined {
  const match = INJURY_REPORT_FILE.exec(fileName);
  if (!match?.groups) return undefined;
  const { date, hour, minute, meridiem } = match.groups;
  const hour24 = (Number(hour) % 12) + (meridiem === 'PM' ? 12 : 0);
  return zonedTimeToUtc(date, `${String(hour24).padStart(2, '0')}:${minute ?? '00'}`, EASTERN);
}

/** The report PDFs of a folder (none bundled: a folder given by the operator or a test); other files are named and refused. */
export function readInjuryReportFiles(directory: string | undefined): InjuryReportFile[] {
  if (!directory || !fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => name.toLowerCase().endsWith('.pdf'))
    .map((fileName) => {
      const publishedAt = injuryReportPublishedAt(fileName);
      if (!publishedAt) throw new Error(`${path.join(directory, fileName)} is not named as NBA.com names an injury report (Injury-Report_YYYY-MM-DD_HHAM.pdf or _HH_MMPM.pdf)`);
      return { fileName, filePath: path.join(directory, fileName), publishedAt };
    });
}

/** The Odds API lines of each event, holding back every line whose snapshot is later than the clock. */
class LinesKnownByClock extends Map<string, PropLine[]> {
  constructor(
    lines: Map<string, PropLine[]>,
    private readonly clock: () => Date,
  ) {
    super(lines);
  }

  override get(eventId: string): PropLine[] | undefined {
    const lines = super.get(eventId);
    if (!lines) return undefined;
    const now = this.clock().getTime();
    return lines.filter((line) => Date.parse(snapshotTime(line.snapshot)) <= now);
  }
}

/**
 * What the real world had published by the replay clock, kept apart from the routes (which own each
 * upstream's shape). The schedule is served whole at any time, as NBA.com's season schedule is; box
 * scores appear at each game's end and BigDataBall files at their release (the routes read the clock
 * for both). This layer adds the rest: an Odds API line exists from its snapshot time (the bundled
 * props are 5 pm ET snapshots, so a 7 pm game's lines appear at 5 pm), and an injury report from the
 * time its file name states.
 */
export class ClockRevealLayer {
  /** The season as the routes should see it: the same games, the lines known by the clock. */
  readonly season: SeasonData;
  private readonly injuryReports: Map<string, InjuryReportFile>;

  constructor(
    season: SeasonData,
    private readonly clock: () => Date,
    injuryReports: readonly InjuryReportFile[] = [],
  ) {
    this.season = { ...season, propsByEventId: new LinesKnownByClock(season.propsByEventId, clock) };
    this.injuryReports = new Map(injuryReports.map((report) => [report.fileName, report]));
  }

  /** An answer this layer gives before the routes, or undefined to let the routes answer. */
  answer(source: ReplaySource, request: Pick<ReplayRequest, 'path' | 'now'>): ReplayResponse | undefined {
    if (source !== 'nba-injury-report') return undefined;
    const report = this.injuryReports.get(path.posix.basename(request.path));
    // NBA.com's CDN answers a report not published yet like any missing file; the route says so.
    if (!report || report.publishedAt.getTime() > request.now.getTime()) return undefined;
    return { status: 200, body: fs.readFileSync(report.filePath), contentType: 'application/pdf' };
  }

  /** When each kind of data becomes visible, for the operator (GET /__replay/clock). */
  describe(): Record<string, string> {
    return {
      schedule: 'the whole season at any time',
      box_scores: "each game's at its end (tip-off + 2 h 15 min + 15 min per overtime)",
      bigdataball: "each file at its game's end, later under a release_delay fault",
      lines: 'each Odds API line from its snapshot time (the bundled snapshots are 5 pm ET)',
      injury_report: `each report from the time in its file name (${this.injuryReports.size} report files)`,
    };
  }
}
