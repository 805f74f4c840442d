import type { CalibrationBucket, DailyQuality, StatusModel } from './status.builder';

export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);

const fixed = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));
const EMPTY = (text: string) => `<p class="empty">${escapeHtml(text)}</p>`;

/** Rolling MAE of the primary system against the line's own MAE on the same player-games (lower is better). */
export function maeChart(quality: readonly DailyQuality[]): string {
  const points = quality.filter((day) => day.rollingMae !== null && day.rollingLineMae !== null);
  if (points.length === 0) return EMPTY('no graded predictions with a line in this window');
  const width = 520;
  const height = 200;
  const pad = { left: 40, right: 12, top: 12, bottom: 28 };
  const values = points.flatMap((day) => [day.rollingMae!, day.rollingLineMae!]);
  const low = Math.floor(Math.min(...values) - 0.5);
  const high = Math.ceil(Math.max(...values) + 0.5);
  const x = (index: number) => pad.left + (points.length === 1 ? (width - pad.left - pad.right) / 2 : (index * (width - pad.left - pad.right)) / (points.length - 1));
  const y = (value: number) => pad.top + ((high - value) * (height - pad.top - pad.bottom)) / (high - low);
  const line = (pick: (day: DailyQuality) => number) => points.map((day, index) => `${x(index).toFixed(1)},${y(pick(day)).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: high - low + 1 }, (_, index) => low + index)
    .map((value) => `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(value)}" y2="${y(value)}" class="gridline"/><text x="${pad.left - 6}" y="${y(value) + 4}" text-anchor="end">${value}</text>`)
    .join('');
  const labels = [0, points.length - 1]
    .filter((index, position, all) => all.indexOf(index) === position)
    .map((index) => `<text x="${x(index)}" y="${height - 8}" text-anchor="middle">${points[index].gameDate.slice(5)}</text>`)
    .join('');
  const markers = points
    .map((day, index) => `<circle cx="${x(index)}" cy="${y(day.rollingMae!)}" r="3" class="model"><title>${day.gameDate}: model ${fixed(day.rollingMae)}, line ${fixed(day.rollingLineMae)}</title></circle><rect x="${x(index) - 3}" y="${y(day.rollingLineMae!) - 3}" width="6" height="6" class="line-marker"/>`)
    .join('');
  return `<svg id="mae-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="rolling MAE of the model against the line">
${ticks}${labels}
<polyline points="${line((day) => day.rollingMae!)}" class="model-line"/>
<polyline points="${line((day) => day.rollingLineMae!)}" class="line-line"/>${markers}
</svg>
<p class="legend"><span class="key model">● model (rolling 7-date MAE, ${points.length} dates)</span> <span class="key line">■ the line's MAE on the same player-games</span></p>`;
}

/** Reliability chart: stated confidence on x, observed win rate on y, the diagonal drawn, each bucket's bets printed. */
export function calibrationChart(buckets: readonly CalibrationBucket[]): string {
  if (buckets.length === 0) return EMPTY('no graded OVER/UNDER calls in this window');
  const size = 260;
  const pad = 36;
  const scale = (percent: number) => (percent * (size - 2 * pad)) / 100;
  const x = (percent: number) => pad + scale(percent);
  const y = (percent: number) => size - pad - scale(percent);
  const axis = [0, 25, 50, 75, 100]
    .map((value) => `<text x="${x(value)}" y="${size - pad + 16}" text-anchor="middle">${value}</text><text x="${pad - 6}" y="${y(value) + 4}" text-anchor="end">${value}</text>`)
    .join('');
  const dots = buckets
    .map(
      (bucket) =>
        `<g class="bucket" data-from="${bucket.fromPercent}" data-bets="${bucket.bets}" data-observed="${fixed(bucket.observedWinRate, 1)}"><circle cx="${x(bucket.meanConfidence!).toFixed(1)}" cy="${y(bucket.observedWinRate!).toFixed(1)}" r="${Math.min(12, 3 + Math.sqrt(bucket.bets) / 2).toFixed(1)}" class="model"><title>confidence ${bucket.fromPercent}–${bucket.toPercent}: ${bucket.wins} of ${bucket.bets} won (${fixed(bucket.observedWinRate, 1)} %)</title></circle><text x="${(x(bucket.meanConfidence!) + 8).toFixed(1)}" y="${(y(bucket.observedWinRate!) - 6).toFixed(1)}" class="count">n=${bucket.bets}</text></g>`,
    )
    .join('');
  return `<svg id="calibration-chart" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="calibration: confidence against observed win rate">
<rect x="${pad}" y="${pad}" width="${size - 2 * pad}" height="${size - 2 * pad}" class="frame"/>
<line x1="${x(0)}" y1="${y(0)}" x2="${x(100)}" y2="${y(100)}" class="diagonal"/>${axis}
<text x="${size / 2}" y="${size - 4}" text-anchor="middle">confidence (%)</text>
<text x="10" y="${size / 2}" text-anchor="middle" transform="rotate(-90 10 ${size / 2})">won (%)</text>${dots}
</svg>`;
}

/** Active primary predictions per day by tier, stacked; the label says the bronze share. */
export function tiersChart(tiers: StatusModel['tiers']): string {
  if (tiers.length === 0) return EMPTY('no predictions in this window');
  const barWidth = 14;
  const gap = 4;
  const height = 160;
  const width = Math.max(200, tiers.length * (barWidth + gap) + 40);
  const most = Math.max(...tiers.map((day) => day.gold + day.silver + day.bronze));
  const scale = (count: number) => (count * (height - 30)) / most;
  const bars = tiers
    .map((day, index) => {
      const left = 30 + index * (barWidth + gap);
      let top = height - 20;
      const total = day.gold + day.silver + day.bronze;
      const segments = (['gold', 'silver', 'bronze'] as const)
        .map((tier) => {
          const tall = scale(day[tier]);
          top -= tall;
          return `<rect x="${left}" y="${top.toFixed(1)}" width="${barWidth}" height="${tall.toFixed(1)}" class="tier-${tier}"/>`;
        })
        .join('');
      return `<g class="tier-day" data-date="${day.gameDate}" data-gold="${day.gold}" data-silver="${day.silver}" data-bronze="${day.bronze}"><title>${day.gameDate}: ${day.gold} gold, ${day.silver} silver, ${day.bronze} bronze (${total === 0 ? 0 : Math.round((100 * day.bronze) / total)} % bronze)</title>${segments}</g>`;
    })
    .join('');
  return `<svg id="tiers-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="predictions per day by quality tier">
<text x="26" y="14" text-anchor="end">${most}</text><text x="26" y="${height - 20}" text-anchor="end">0</text>${bars}
<text x="30" y="${height - 4}">${tiers[0].gameDate.slice(5)}</text><text x="${30 + (tiers.length - 1) * (barWidth + gap) + barWidth}" y="${height - 4}" text-anchor="end">${tiers[tiers.length - 1].gameDate.slice(5)}</text>
</svg>
<p class="legend"><span class="key tier-gold">▮ gold</span> <span class="key tier-silver">▮ silver</span> <span class="key tier-bronze">▮ bronze</span> (bottom to top)</p>`;
}
