import { parseCsv } from '@lib/platform';
import { bigdataballPbpTable } from '@lib/warehouse';
import { PayloadShape, PayloadShapeError } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { RawProcessor, RawRows } from './raw-processor';
import { keepMappable, mappableTeam, SetAsideRecord } from './unmappable-records';

const REQUIRED_COLUMNS = ['play_id', 'period', 'event_type'] as const;

/** BigDataBall's released CSV files of a date, one row per play, in BigDataBall's own columns. */
export class BdbPlayByPlayProcessor implements RawProcessor {
  readonly name = 'bdb_play_by_play';
  readonly table = bigdataballPbpTable;

  toRows(payload: RawPayload): RawRows {
    const coverage: NonNullable<RawRows['coverage']> = [];
    const setAside: SetAsideRecord[] = [];
    const rows = payload.data
      .field('files')
      .items()
      .flatMap((file) => {
        const gameId = file.field('game_id').nonEmptyString();
        const fileName = file.field('name').nonEmptyString();
        const plays = parseCsv(file.field('csv').string());
        const header = plays[0] ? Object.keys(plays[0]) : [];
        const absent = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
        if (plays.length > 0 && absent.length > 0) throw new PayloadShapeError(`${file.path}.csv`, `a CSV with columns ${absent.join(', ')}`, header.join(','));
        coverage.push({ source: 'bigdataball', gameId, available: plays.length > 0, rows: plays.length });
        const mapped = keepMappable(
          plays,
          (play) => `${gameId}|play:${play.play_id}`,
          (play, index) => {
            const cell = (column: string) => new PayloadShape(play[column], `${file.path}.csv row ${index + 1} ${column}`);
            return {
              game_date: payload.gameDate,
              game_id: gameId,
              play_id: cell('play_id').integer(),
              period: cell('period').integer(),
              remaining_time: play.remaining_time || null,
              elapsed: play.elapsed || null,
              team_code: play.team ? mappableTeam(cell('team'), 'bigdataball') : null,
              event_type: play.event_type || null,
              player: play.player || null,
              points: cell('points').optionalInteger(),
              away_score: cell('away_score').optionalInteger(),
              home_score: cell('home_score').optionalInteger(),
              result: play.result || null,
              description: play.description || null,
              file_name: fileName,
              data_source: 'bigdataball',
            };
          },
        );
        setAside.push(...mapped.setAside);
        return mapped.rows;
      });
    return { rows, setAside, coverage };
  }
}
