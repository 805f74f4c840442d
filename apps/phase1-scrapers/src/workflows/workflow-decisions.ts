/** The workflows the hourly evaluation decides on. */
export const WORKFLOWS = ['morning_operations', 'betting_lines', 'post_game_window_1', 'post_game_window_2', 'post_game_window_3', 'late_pbp_recovery'] as const;
export type WorkflowName = (typeof WORKFLOWS)[number];

export interface WorkflowWindows {
  /** Morning operations run once between these US Eastern hours (start inclusive, end exclusive). */
  morningStartHourEt: number;
  morningEndHourEt: number;
  /** Betting lines are fetched hourly from this many hours before the first tip-off until it. */
  bettingLinesLeadHours: number;
  /** How long a game lasts from tip-off to final, for the post-game windows. */
  gameDurationMinutes: number;
  /** Post-game windows open this many hours after the last game ends. */
  postGameWindowHours: readonly [number, number, number];
  /** Late play-by-play recovery runs from this many hours after the last game ends. */
  latePlayByPlayHours: number;
}

export const DEFAULT_WORKFLOW_WINDOWS: WorkflowWindows = {
  morningStartHourEt: 8,
  morningEndHourEt: 11,
  bettingLinesLeadHours: 6,
  gameDurationMinutes: 150,
  postGameWindowHours: [1, 4, 8],
  latePlayByPlayHours: 10,
};

export interface GameDaySituation {
  now: Date;
  /** The US Eastern date the evaluation is about. */
  gameDate: string;
  /** Tip-off times of the date's scheduled games (empty when none). */
  tipoffs: Date[];
  /** Workflows already run (decision RUN) for this game date, with when. */
  alreadyRun: Partial<Record<WorkflowName, Date>>;
  /** Play-by-play still owed for the date (BigDataBall not released). */
  pendingPlayByPlay: number;
}

export interface WorkflowDecision {
  workflow: WorkflowName;
  decision: 'RUN' | 'SKIP';
  reason: string;
}

const HOUR = 3_600_000;

/** The hour of day in US Eastern time (DST included) of an instant. */
export function easternHour(instant: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(instant));
}

/** The US Eastern calendar date of an instant: the NBA's game date. */
export function easternDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

const iso = (instant: Date) => instant.toISOString().replace('.000Z', 'Z');

/**
 * Decides, from the schedule and the clock alone, which workflows run now. Every workflow gets a
 * decision and a reason, so the log says why something did not run as plainly as why it did.
 */
export function decideWorkflows(situation: GameDaySituation, windows: WorkflowWindows = DEFAULT_WORKFLOW_WINDOWS): WorkflowDecision[] {
  const { now, tipoffs, alreadyRun } = situation;
  const decide = (workflow: WorkflowName, run: boolean, reason: string): WorkflowDecision => ({ workflow, decision: run ? 'RUN' : 'SKIP', reason });
  const decisions: WorkflowDecision[] = [];

  const hour = easternHour(now);
  const morningRan = alreadyRun.morning_operations;
  if (morningRan) decisions.push(decide('morning_operations', false, `already ran at ${iso(morningRan)}`));
  else if (hour < windows.morningStartHourEt || hour >= windows.morningEndHourEt) {
    decisions.push(decide('morning_operations', false, `outside the morning window ${windows.morningStartHourEt}:00–${windows.morningEndHourEt}:00 ET (now ${hour}:00 ET)`));
  } else decisions.push(decide('morning_operations', true, `first evaluation in the morning window (${hour}:00 ET)`));

  if (tipoffs.length === 0) {
    for (const workflow of WORKFLOWS.filter((name) => name !== 'morning_operations')) {
      decisions.push(decide(workflow, false, `no games scheduled on ${situation.gameDate}`));
    }
    return decisions;
  }

  const firstTipoff = new Date(Math.min(...tipoffs.map((tipoff) => tipoff.getTime())));
  const lastEnd = new Date(Math.max(...tipoffs.map((tipoff) => tipoff.getTime())) + windows.gameDurationMinutes * 60_000);
  const linesOpen = new Date(firstTipoff.getTime() - windows.bettingLinesLeadHours * HOUR);
  if (now < linesOpen) decisions.push(decide('betting_lines', false, `lines window opens at ${iso(linesOpen)}, ${windows.bettingLinesLeadHours} h before the first tip-off ${iso(firstTipoff)}`));
  else if (now >= firstTipoff) decisions.push(decide('betting_lines', false, `first tip-off ${iso(firstTipoff)} has passed; pre-game lines are final`));
  else decisions.push(decide('betting_lines', true, `within ${windows.bettingLinesLeadHours} h of the first tip-off ${iso(firstTipoff)}`));

  windows.postGameWindowHours.forEach((hoursAfter, index) => {
    const workflow = `post_game_window_${index + 1}` as WorkflowName;
    const opens = new Date(lastEnd.getTime() + hoursAfter * HOUR);
    const ran = alreadyRun[workflow];
    if (ran) decisions.push(decide(workflow, false, `already ran at ${iso(ran)}`));
    else if (now < opens) decisions.push(decide(workflow, false, `opens at ${iso(opens)}, ${hoursAfter} h after the last game ends (${iso(lastEnd)})`));
    else decisions.push(decide(workflow, true, `${hoursAfter} h after the last game ended at ${iso(lastEnd)}`));
  });

  const recoveryOpens = new Date(lastEnd.getTime() + windows.latePlayByPlayHours * HOUR);
  if (situation.pendingPlayByPlay === 0) decisions.push(decide('late_pbp_recovery', false, 'no play-by-play is owed'));
  else if (now < recoveryOpens) decisions.push(decide('late_pbp_recovery', false, `${situation.pendingPlayByPlay} games owe play-by-play; recovery opens at ${iso(recoveryOpens)}`));
  else decisions.push(decide('late_pbp_recovery', true, `${situation.pendingPlayByPlay} games still owe play-by-play ${windows.latePlayByPlayHours} h after the last game`));
  return decisions;
}
