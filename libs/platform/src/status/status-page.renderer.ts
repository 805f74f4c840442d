import { SERVICE_NAMES } from '@lib/messaging';
import { Row } from '@lib/warehouse';
import { calibrationChart, escapeHtml, maeChart, tiersChart } from './status-charts.svg';
import { CELL_GLYPH, CellState, cellKey, StatusModel } from './status.builder';
import type { PhaseRunRow } from './status.repository';

const STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px 24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin:0 0 12px}table{border-collapse:collapse}th,td{padding:3px 8px;text-align:left;border-bottom:1px solid #eaeef2;vertical-align:top}
th{font-weight:600;background:#f6f8fa}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.grid td,table.grid th{padding:1px;border:0;text-align:center}table.grid th.phase{text-align:right;padding-right:8px;background:none}
table.grid th.date{font-weight:400;font-size:11px;color:#57606a;background:none;writing-mode:vertical-rl;transform:rotate(180deg);height:44px}
a.cell{display:block;width:22px;height:22px;line-height:22px;border-radius:3px;text-decoration:none;font-weight:700;color:#fff}
.s-success{background:#1a7f37}.s-degraded{background:#bf8700}.s-blocked{background:#8250df}.s-failed{background:#cf222e}
.s-missing{background:#eaeef2;color:#57606a!important}.s-running{background:#0969da}.s-running_too_long{background:#fb8500}.s-no_data{background:#afb8c1}
.legend span{display:inline-block;margin-right:12px}.legend .swatch{display:inline-block;width:14px;height:14px;line-height:14px;text-align:center;border-radius:2px;color:#fff;font-size:10px;margin-right:4px;vertical-align:middle}
.row{display:flex;gap:32px;flex-wrap:wrap;align-items:flex-start}.panel{min-width:280px;max-width:560px}h3{font-size:14px;margin:8px 0}
svg text{font-size:10px;fill:#57606a}.gridline{stroke:#eaeef2}.frame{fill:none;stroke:#d0d7de}.diagonal{stroke:#8c959f;stroke-dasharray:4 3}
.model-line{fill:none;stroke:#0969da;stroke-width:2}.line-line{fill:none;stroke:#bc4c00;stroke-width:2;stroke-dasharray:5 3}
circle.model{fill:#0969da;fill-opacity:.75}.line-marker{fill:#bc4c00}.key.model{color:#0969da}.key.line{color:#bc4c00}
.tier-gold{fill:#b08800;color:#b08800}.tier-silver{fill:#8c959f;color:#6e7781}.tier-bronze{fill:#a4501f;color:#a4501f}
.sev-CRITICAL{color:#cf222e;font-weight:700}.sev-ERROR{color:#cf222e}.sev-WARNING{color:#9a6700}
.empty{color:#57606a;font-style:italic}.drift-current{color:#1a7f37}.drift-stale,.drift-unknown{color:#cf222e;font-weight:600}
code{font-size:12px}td.detail{max-width:640px;color:#424a53}td:first-child{white-space:nowrap}
`;

const STATE_LABEL: Record<CellState, string> = {
  success: 'success',
  degraded: 'degraded',
  blocked: 'blocked',
  failed: 'failed',
  missing: 'missing',
  running: 'running',
  running_too_long: 'running too long',
  no_data: 'no data',
};

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);
const fixed = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function table(headers: string[], rows: string[][], options: { id?: string; numeric?: number[]; empty: string }): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(options.empty)}</p>`;
  const numeric = new Set(options.numeric ?? []);
  const head = headers.map((header, index) => `<th${numeric.has(index) ? ' class="num"' : ''}>${escapeHtml(header)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((cell, index) => `<td${numeric.has(index) ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`).join('');
  return `<table${options.id ? ` id="${options.id}"` : ''}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function legend(): string {
  return `<p class="legend">${(Object.keys(STATE_LABEL) as CellState[])
    .map((state) => `<span><span class="swatch s-${state}">${CELL_GLYPH[state]}</span>${STATE_LABEL[state]}</span>`)
    .join('')}</p>`;
}

function grid(model: StatusModel): string {
  const header = `<tr><th></th>${model.dates.map((date) => `<th class="date">${date.slice(5)}</th>`).join('')}</tr>`;
  const rows = SERVICE_NAMES.map((service) => {
    const cells = model.dates
      .map((date) => {
        const cell = model.grid.get(cellKey(date, service))!;
        const title = `${date} ${service}: ${STATE_LABEL[cell.state]}${cell.runs > 1 ? ` (${cell.runs} runs)` : ''} — ${cell.detail}`;
        return `<td><a class="cell s-${cell.state}" href="/status/dates/${date}" data-date="${date}" data-service="${service}" data-state="${cell.state}" title="${escapeHtml(title)}">${CELL_GLYPH[cell.state]}</a></td>`;
      })
      .join('');
    return `<tr><th class="phase">${service}</th>${cells}</tr>`;
  }).join('');
  return `<table class="grid" id="phase-grid">${header}${rows}</table>${legend()}`;
}

function versions(model: StatusModel): string {
  const head = model.head.commit;
  const rows = model.versions.map((version) => {
    const status = !version.commit || version.commit === 'unknown' || !head ? 'unknown' : version.commit === head ? 'current' : 'stale';
    const reason = status === 'unknown' ? (version.error ?? (head ? 'no commit reported' : 'HEAD unknown here')) : status === 'current' ? 'at HEAD' : `HEAD is ${head?.slice(0, 12)}`;
    return [escapeHtml(version.service), `<code>${escapeHtml(version.commit?.slice(0, 12) ?? '–')}</code>`, `<span class="drift-${status}">${status}</span>`, escapeHtml(reason), escapeHtml(version.source)];
  });
  return `<p>HEAD <code>${escapeHtml(head ?? 'unknown')}</code> (${escapeHtml(model.head.source)}); a service not at HEAD may still run the same code: <code>npm run drift</code> compares the code itself.</p>${table(['service', 'deployed', 'drift', 'why', 'read from'], rows, { id: 'versions', empty: 'no service answered' })}`;
}

export function renderStatusPage(model: StatusModel): string {
  const hit = model.hitRate;
  const graded = model.quality.reduce((sum, day) => sum + day.graded, 0);
  const body = `
<h1>nba-props-platform status</h1>
<p class="meta">Game dates ${model.from} .. ${model.to} · generated ${escapeHtml(model.generatedAt)} · read-only from the warehouse; hover a cell for its run, click it for the date's story.</p>
<h2>Phases by date</h2>${grid(model)}
<h2>Prediction quality (primary system, graded)</h2>
<div class="row">
<div class="panel"><h3>Rolling MAE against the line</h3>${maeChart(model.quality)}</div>
<div class="panel"><h3>Calibration</h3>${calibrationChart(model.calibration)}</div>
<div class="panel"><h3>Predictions per day by tier</h3>${tiersChart(model.tiers)}</div>
</div>
<p id="hit-rate">Hit rate ${hit.rate === null ? '–' : `<strong>${(100 * hit.rate).toFixed(1)} %</strong> ± ${(100 * hit.standardError!).toFixed(1)} (1 s.e.)`} on ${hit.wins + hit.losses} OVER/UNDER calls (${hit.wins} won, ${hit.losses} lost, ${hit.pushes} pushes); ${graded} predictions graded. Break-even at −110 is 52.4 %.</p>
${table(
  ['date', 'graded', 'MAE', 'with a line', 'MAE there', 'line MAE there', 'rolling MAE', 'rolling line MAE'],
  model.quality.map((day) => [day.gameDate, String(day.graded), fixed(day.mae), String(day.withLine), fixed(day.modelMaeWithLine), fixed(day.lineMae), fixed(day.rollingMae), fixed(day.rollingLineMae)]),
  { id: 'quality', numeric: [1, 2, 3, 4, 5, 6, 7], empty: 'nothing graded in this window' },
)}
<h2>Sources: games expected against games got</h2>
${table(
  ['processor', 'source', 'games', 'had it', 'coverage', 'fallback stood in'],
  model.coverage.map((row) => [escapeHtml(row.processor), escapeHtml(row.source), String(row.games), String(row.available), percent(row.available, row.games), String(row.fallbacks_used)]),
  { id: 'coverage', numeric: [2, 3, 4, 5], empty: 'no source coverage recorded in this window' },
)}
<h2>Processor success rates</h2>
${table(
  ['phase', 'processor', 'runs', 'success', 'partial', 'no data', 'failed', 'success rate'],
  model.processors.map((row) => [escapeHtml(row.phase), escapeHtml(row.processor), String(row.runs), String(row.success), String(row.partial), String(row.no_data), String(row.failed), percent(row.success + row.no_data, row.runs)]),
  { id: 'processors', numeric: [2, 3, 4, 5, 6, 7], empty: 'no processor runs in this window' },
)}
<h2>Alerts</h2>
<p class="meta">One row per date, kind and service; repeats within ALERT_REPEAT_MINUTES are counted, not sent again.</p>
${table(
  ['last raised', 'date', 'severity', 'kind', 'service', 'message', 'raised', 'webhook'],
  model.alerts.map((row) => [escapeHtml(row.last_raised_at.slice(0, 19).replace('T', ' ')), `<a href="/status/dates/${row.game_date}">${row.game_date}</a>`, `<span class="sev-${escapeHtml(row.severity)}">${escapeHtml(row.severity)}</span>`, escapeHtml(row.category), escapeHtml(row.service), `<span class="detail">${escapeHtml(row.last_message)}</span>`, String(row.total_raised), escapeHtml(row.delivery + (row.delivery_error ? `: ${row.delivery_error}` : ''))]),
  { id: 'alerts', numeric: [6], empty: 'no alerts in this window' },
)}
<h2>Recent errors</h2>
${table(
  ['when', 'date', 'where', 'what'],
  model.errors.map((row) => [escapeHtml(row.at.slice(0, 19).replace('T', ' ')), row.game_date ? `<a href="/status/dates/${row.game_date}">${row.game_date}</a>` : '–', escapeHtml(row.where), escapeHtml(row.message)]),
  { id: 'errors', empty: 'no failed runs or dead letters in this window' },
)}
<h2>Deployed commits</h2>${versions(model)}
`;
  return page('nba-props-platform status', body);
}

const cellText = (value: unknown) => (value === null || value === undefined ? '–' : typeof value === 'object' ? JSON.stringify(value) : String(value));
const rowsTable = (rows: Row[], columns: string[], id: string, empty: string) =>
  table(
    columns,
    rows.map((row) => columns.map((column) => escapeHtml(cellText(row[column])))),
    { id, empty },
  );

export interface DateStory {
  gameDate: string;
  runs: PhaseRunRow[];
  alerts: Row[];
  verdicts: Row[];
  actions: Row[];
  boundary: Row[];
  processors: Row[];
  deadLetters: Row[];
}

/** One date's story: every run and its detail, the boundary checks, alerts, reconciliation verdicts, self-heal actions and dead letters. */
export function renderDateStory(story: DateStory): string {
  const runs = table(
    ['started', 'finished', 'service', 'status', 'degraded', 'trigger', 'backfill', 'records', 'detail'],
    story.runs.map((run) => [
      escapeHtml(run.started_at.slice(0, 19).replace('T', ' ')),
      escapeHtml(run.finished_at?.slice(11, 19) ?? '–'),
      escapeHtml(run.service),
      escapeHtml(run.status),
      run.degraded ? 'yes' : '',
      escapeHtml(run.trigger),
      run.backfill_mode ? 'yes' : '',
      String(run.records ?? '–'),
      `<span class="detail">${escapeHtml(run.error ?? run.detail ?? '')}</span>`,
    ]),
    { id: 'runs', numeric: [7], empty: 'no phase ran for this date' },
  );
  const body = `
<p><a href="/status">← status</a></p>
<h1>${story.gameDate}</h1>
<h2>Runs</h2>${runs}
<h2>Phase-boundary checks</h2>${rowsTable(story.boundary, ['phase', 'status', 'completeness_pct', 'reason', 'released_by', 'release_reason', 'checked_at'], 'boundary', 'no boundary check for this date')}
<h2>Alerts</h2>${rowsTable(story.alerts, ['raised_at', 'service', 'severity', 'category', 'message'], 'story-alerts', 'no alert for this date')}
<h2>Reconciliation</h2>${rowsTable(story.verdicts, ['boundary', 'expected', 'actual', 'status', 'detail', 'checked_at'], 'verdicts', 'not reconciled yet')}
<h2>Self-heal actions</h2>${rowsTable(story.actions, ['acted_at', 'boundary', 'action', 'target', 'detail'], 'actions', 'no self-heal action for this date')}
<h2>Processors</h2>${rowsTable(story.processors, ['phase', 'processor', 'runs', 'failed', 'rows_written'], 'story-processors', 'no processor runs for this date')}
<h2>Dead letters</h2>${rowsTable(story.deadLetters, ['dead_lettered_at', 'subscription', 'stage', 'reason', 'attempts'], 'dead-letters', 'no dead letters from this date\'s runs')}
`;
  return page(`${story.gameDate} · nba-props-platform`, body);
}
