const { DuckDBInstance } = require('@duckdb/node-api');
(async () => {
  const base = process.argv[2]; const table = process.argv[3]; const key = process.argv[4].split(','); const excl = process.argv[5] ?? 'run_id, processed_at';
  const rows = {};
  for (const kind of ['clean', 'chaos']) {
    const db = await DuckDBInstance.create(`${base}/${kind}/warehouse.duckdb`, { access_mode: 'READ_ONLY' });
    const c = await db.connect();
    const r = await c.runAndReadAll(`SELECT * EXCLUDE (${excl}) FROM ${table} WHERE game_date BETWEEN '2025-11-01' AND '2025-11-14' ${process.argv[6] ?? ''}`);
    rows[kind] = new Map(r.getRowObjectsJson().map((x) => [key.map((k) => x[k]).join('|'), x]));
  }
  const diffs = {};
  for (const [k, a] of rows.clean) {
    const b = rows.chaos.get(k); if (!b) continue;
    for (const col of Object.keys(a)) if (JSON.stringify(a[col]) !== JSON.stringify(b[col])) (diffs[col] ??= []).push(`${k}: ${JSON.stringify(a[col]).slice(0,120)} vs ${JSON.stringify(b[col]).slice(0,120)}`);
  }
  for (const [c, v] of Object.entries(diffs)) console.log(c, v.length, v.slice(0, 3));
})();
