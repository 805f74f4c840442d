import { SimulatedDay } from './simulation.runner';

export type TimelineKind = 'fault' | 'scheduler' | 'decision' | 'scrape' | 'transition' | 'phase' | 'alert' | 'predictions' | 'grading' | 'reconciliation' | 'self_heal';

export interface TimelineEntry {
  /** Simulated time. */
  at: string;
  kind: TimelineKind;
  game_date: string | null;
  text: string;
}

/** Ties at one instant read in the order things cause each other. */
const KIND_ORDER: TimelineKind[] = ['fault', 'scheduler', 'decision', 'scrape', 'transition', 'phase', 'predictions', 'grading', 'reconciliation', 'self_heal', 'alert'];

const shapeOf = (reason: string) => reason.replace(/\d+/g, '#');

function compactJson(value: unknown, length = 160): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/**
 * The simulated day as one list in simulated time: fault windows, scheduler calls that did something
 * or went wrong, every workflow decision (a SKIP only when its reason changes), every scrape except the
 * hourly schedule reads that succeeded, phase 3 transitions, phase runs, predictions and grading by
 * run, reconciliation, self-heal and every alert.
 */
export function buildTimeline(day: SimulatedDay): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const push = (at: string | null | Date, kind: TimelineKind, gameDate: string | null, text: string) => {
    if (at === null) return;
    entries.push({ at: new Date(at).toISOString(), kind, game_date: gameDate, text });
  };

  for (const fault of day.faults) push(fault.at, 'fault', null, `fault window ${fault.change}: ${fault.label}`);

  for (const firing of day.firings) {
    const body = firing.body as { started?: unknown[] } | null;
    if (firing.outcome === 'missed') push(firing.firedAt, 'scheduler', null, `${firing.job}: the instant ${firing.due} was missed (the clock ran past it)`);
    else if (firing.outcome === 'skipped_still_running') push(firing.firedAt, 'scheduler', null, `${firing.job}: skipped, its previous call still running`);
    else if (firing.outcome === 'failed' || (firing.status ?? 0) >= 300) push(firing.answeredAt, 'scheduler', null, `${firing.job}: ${firing.outcome === 'failed' ? 'failed' : `answered ${firing.status}`}: ${compactJson(firing.body)}`);
    else if (firing.job === 'nba-phase1-workflow-evaluate') continue; // its decisions follow, from the table
    else if (firing.job === 'nba-phase3-deadline-check' && (body?.started?.length ?? 0) === 0) continue;
    else push(firing.answeredAt, 'scheduler', null, `${firing.job}: ${compactJson(firing.body)}`);
  }

  const lastShown = new Map<string, string>();
  for (const decision of [...day.rows.decisions].sort((left, right) => String(left.evaluated_at).localeCompare(String(right.evaluated_at)))) {
    const key = `${decision.game_date} ${decision.workflow}`;
    const shape = `${decision.decision} ${shapeOf(decision.reason)}`;
    if (decision.decision === 'SKIP' && lastShown.get(key) === shape) continue;
    lastShown.set(key, shape);
    const outcome = decision.outcome ? ` → ${decision.outcome}` : '';
    push(decision.evaluated_at as string, 'decision', decision.game_date, `${decision.decision} ${decision.workflow} (${decision.game_date}): ${decision.reason}${outcome}`);
  }

  // Scrapes of one scraper, date and outcome finishing in the same simulated minute read as one line (a lines run is one per event).
  const scrapeGroups = new Map<string, typeof day.rows.scrapes>();
  for (const scrape of day.rows.scrapes) {
    if (scrape.scraper === 'nbac_schedule' && scrape.status === 'success') continue;
    const at = String(scrape.finished_at ?? scrape.started_at).slice(0, 16);
    const key = `${at} ${scrape.scraper} ${scrape.game_date} ${scrape.status}`;
    scrapeGroups.set(key, [...(scrapeGroups.get(key) ?? []), scrape]);
  }
  for (const scrapes of scrapeGroups.values()) {
    const [first] = scrapes;
    const statuses = scrapes.flatMap((scrape) => (Array.isArray(scrape.http_statuses) ? scrape.http_statuses : typeof scrape.http_statuses === 'string' ? (JSON.parse(scrape.http_statuses) as unknown[]) : []));
    const retried = statuses.filter((status) => status !== 200).length;
    const targets = scrapes.flatMap((scrape) => {
      const params = (typeof scrape.params === 'string' ? JSON.parse(scrape.params) : scrape.params) as { game_id?: string; fallback_for?: string } | null;
      return params?.game_id ? [`${params.game_id}${params.fallback_for ? ` for ${params.fallback_for}` : ''}`] : [];
    });
    const what = scrapes.length === 1 ? `${first.scraper}${targets.length > 0 ? ` ${targets[0]}` : ''}` : `${first.scraper} ×${scrapes.length}`;
    const records = scrapes.reduce((sum, scrape) => sum + Number(scrape.records ?? 0), 0);
    const attempts = scrapes.reduce((sum, scrape) => sum + Number(scrape.attempts ?? 0), 0);
    const errors = [...new Set(scrapes.flatMap((scrape) => (scrape.error ? [compactJson(scrape.error, 120)] : [])))];
    push(
      first.finished_at ?? first.started_at,
      'scrape',
      first.game_date,
      `${what} (${first.game_date}): ${first.status}, ${records} records, ${attempts} attempts${retried > 0 ? `, HTTP ${statuses.join(',')}` : ''}${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`,
    );
  }

  for (const transition of day.rows.transitions) {
    const missing = typeof transition.missing_required === 'string' ? transition.missing_required : JSON.stringify(transition.missing_required ?? []);
    push(transition.triggered_at as string, 'transition', transition.game_date, `phase 3 starts ${transition.game_date}: ${transition.reason}, missing ${missing}`);
  }

  // Phase 2 loads one payload per run: the loads of a date finishing in the same simulated minute read as one line, failures apart.
  const loads = new Map<string, typeof day.rows.phaseRuns>();
  for (const run of day.rows.phaseRuns) {
    if (run.status === 'running') continue;
    const detail = run.error ?? run.detail;
    if (run.phase === 'phase2' && run.status !== 'failed') {
      const key = `${String(run.finished_at ?? run.started_at).slice(0, 16)} ${run.game_date}`;
      loads.set(key, [...(loads.get(key) ?? []), run]);
      continue;
    }
    push(
      run.finished_at ?? run.started_at,
      'phase',
      run.game_date,
      `${run.phase} ${run.game_date} (${run.trigger}): ${run.status}${run.degraded ? ' degraded' : ''}, ${run.records ?? 0} records${detail ? `; ${compactJson(detail, 200)}` : ''}`,
    );
  }
  for (const runs of loads.values()) {
    const byProcessor = new Map<string, number>();
    for (const run of runs) {
      const processor = /^([a-z0-9_]+):/.exec(run.detail ?? '')?.[1] ?? 'load';
      byProcessor.set(processor, (byProcessor.get(processor) ?? 0) + Number(run.records ?? 0));
    }
    const noData = runs.filter((run) => run.status === 'no_data').length;
    push(
      runs[0].finished_at ?? runs[0].started_at,
      'phase',
      runs[0].game_date,
      `phase2 ${runs[0].game_date}: ${runs.length} loads${noData > 0 ? ` (${noData} no_data)` : ''}: ${[...byProcessor].map(([processor, rows]) => `${processor} ${rows}`).join(', ')}`,
    );
  }

  const runs = new Map<string, typeof day.rows.predictions>();
  for (const prediction of day.rows.predictions) {
    const key = `${prediction.run_id} ${prediction.created_at}`;
    runs.set(key, [...(runs.get(key) ?? []), prediction]);
  }
  for (const predictions of runs.values()) {
    const withLine = predictions.filter((prediction) => prediction.line_value !== null).length;
    const picks = predictions.filter((prediction) => ['OVER', 'UNDER'].includes(prediction.recommendation)).length;
    push(predictions[0].created_at as string, 'predictions', day.date, `primary predictions for ${day.date} written: ${predictions.length} players, ${withLine} against a line, ${picks} OVER/UNDER (picks/${day.date}.json publishes the picks in force)`);
  }

  // Grading is part of each phase 5 run (a re-grade rewrites graded_at): shown when the graded count changes, with the outcomes at the end.
  let gradedBefore = -1;
  const phase5Runs = day.rows.phaseRuns
    .filter((run) => run.phase === 'phase5' && run.game_date === day.date && run.finished_at !== null)
    .sort((left, right) => String(left.finished_at).localeCompare(String(right.finished_at)));
  for (const run of phase5Runs) {
    const graded = /grade: success \((\d+)\)/.exec(run.detail ?? '');
    if (!graded || Number(graded[1]) === gradedBefore) continue;
    gradedBefore = Number(graded[1]);
    const count = (outcome: string) => day.rows.grades.filter((grade) => grade.outcome === outcome).length;
    const outcomes = `at the end: ${day.rows.grades.length} primary predictions graded (${count('win')} wins, ${count('loss')} losses, ${count('push')} pushes, ${count('no_bet')} no bet)`;
    push(run.finished_at as string, 'grading', day.date, `graded ${day.date}: ${graded[1]} predictions of every system; ${outcomes}`);
  }

  const checks = new Map<string, typeof day.rows.reconciliation>();
  for (const result of day.rows.reconciliation) {
    const key = `${result.checked_at} ${result.game_date}`;
    checks.set(key, [...(checks.get(key) ?? []), result]);
  }
  for (const results of checks.values()) {
    push(results[0].checked_at as string, 'reconciliation', results[0].game_date, `reconciliation ${results[0].game_date}: ${results.map((result) => `${result.boundary} ${result.status}`).join(', ')}`);
  }

  for (const action of day.rows.selfHeal) push(action.acted_at as string, 'self_heal', action.game_date, `self-heal ${action.game_date} ${action.boundary}: ${action.action}; ${compactJson(action.detail ?? '', 160)}`);

  for (const alert of day.rows.alerts) push(alert.raised_at as string, 'alert', alert.game_date, `ALERT ${alert.severity} ${alert.category} (${alert.game_date}, ${alert.service}): ${compactJson(alert.message, 220)}`);

  return entries.sort((left, right) => left.at.localeCompare(right.at) || KIND_ORDER.indexOf(left.kind) - KIND_ORDER.indexOf(right.kind));
}
