/**
 * A small RFC 4180 reader: the bundled CSVs have no quoted fields today, but a quoted name with a
 * comma must not shift every later column, so quotes are honoured when present. Lines without a
 * quote take the fast path (a plain split), which keeps the 47k-row props file well under 100 ms.
 */
export function parseCsv(text: string): Array<Record<string, string>> {
  const lines = splitRecords(text);
  if (lines.length === 0) return [];
  const header = parseLine(lines[0]);
  const rows: Array<Record<string, string>> = [];
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index];
    if (line.length === 0) continue;
    const fields = parseLine(line);
    const row: Record<string, string> = {};
    for (let column = 0; column < header.length; column += 1) row[header[column]] = fields[column] ?? '';
    rows.push(row);
  }
  return rows;
}

/** Splits on line ends that are outside quotes (a quoted field may hold a newline). */
function splitRecords(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (!body.includes('"')) return body.split(/\r?\n/);
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char === '"') quoted = !quoted;
    else if (char === '\n' && !quoted) {
      records.push(body.slice(start, body[index - 1] === '\r' ? index - 1 : index));
      start = index + 1;
    }
  }
  records.push(body.slice(start));
  return records;
}

function parseLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Quotes a value only when it needs it, so written files read back with parseCsv unchanged. */
export function csvField(value: string | number | null | undefined): string {
  const text = value == null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
