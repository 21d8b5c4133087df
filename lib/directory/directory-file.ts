import { parse } from "csv-parse/sync";
import { z } from "zod";
import { dataSchemaOf, type EventData } from "../events/catalog";

// The first load of a whole company (npm run directory:import): people and departments from CSV
// (a header line, then one row each) or JSON (an array of objects with the same fields). Every row
// is checked against the directory's event schemas before anything is published; each problem is
// named by file, line and field.

export const PEOPLE_COLUMNS = ["id", "email", "name", "departmentId", "role", "locale", "active"] as const;
export const DEPARTMENT_COLUMNS = ["id", "name", "parentId"] as const;

export type PersonRow = EventData<"directory.user.upserted">;
export type DepartmentRow = EventData<"directory.department.upserted">;

export interface Problem {
  file: string;
  /** The line of the row (CSV: the header is line 1), or the array index + 1 in JSON. */
  line: number;
  field: string;
  message: string;
}

export interface Parsed<T> {
  rows: T[];
  /** The line of each row in `rows`. */
  lines: number[];
  problems: Problem[];
}

// CSV cells are text: an empty cell is a value left out (null where the field takes null), and
// "true"/"false" are the booleans. JSON values are taken as they are.
function fromCells(
  row: Record<string, unknown>,
  { nullable = [], flags = [] }: { nullable?: string[]; flags?: string[] },
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([field, value]) => {
      if (value === "") return [field, nullable.includes(field) ? null : undefined];
      if (flags.includes(field) && (value === "true" || value === "false")) return [field, value === "true"];
      return [field, value];
    }),
  );
}

export function parsePeople(file: string, text: string): Parsed<PersonRow> {
  const parsed = readRows(file, text, PEOPLE_COLUMNS);
  const result = checkRows(file, parsed, (row) =>
    dataSchemaOf("directory.user.upserted").parse(fromCells(row, { nullable: ["locale"], flags: ["active"] })),
  );
  for (const field of ["id", "email"] as const) noDuplicates(file, result, (row) => row[field].toLowerCase(), field);
  return result;
}

export function parseDepartments(file: string, text: string): Parsed<DepartmentRow> {
  const parsed = readRows(file, text, DEPARTMENT_COLUMNS);
  const result = checkRows(file, parsed, (row) =>
    dataSchemaOf("directory.department.upserted").parse(fromCells(row, { nullable: ["parentId"] })),
  );
  noDuplicates(file, result, (row) => row.id, "id");
  return result;
}

interface RawRows {
  records: Record<string, unknown>[];
  /** The line each record starts on. */
  lines: number[];
  problems: Problem[];
}

function readRows(file: string, text: string, columns: readonly string[]): RawRows {
  if (file.toLowerCase().endsWith(".json")) return readJson(file, text);
  try {
    const records = parse(text, {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    }) as {
      record: Record<string, unknown>;
      info: { lines: number };
    }[];
    const header = Object.keys(records[0]?.record ?? {});
    const missing = columns.filter((column) => !["role", "locale", "active", "parentId"].includes(column) && !header.includes(column));
    if (records.length > 0 && missing.length > 0) {
      return {
        records: [],
        lines: [],
        problems: [{ file, line: 1, field: missing.join(", "), message: `the header must name ${columns.join(",")}` }],
      };
    }
    return { records: records.map((r) => r.record), lines: records.map((r) => r.info.lines), problems: [] };
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { records: [], lines: [], problems: [{ file, line, field: "(row)", message: (error as Error).message }] };
  }
}

function readJson(file: string, text: string): RawRows {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { records: [], lines: [], problems: [{ file, line: 1, field: "(file)", message: `not JSON: ${(error as Error).message}` }] };
  }
  if (!Array.isArray(value)) {
    return { records: [], lines: [], problems: [{ file, line: 1, field: "(file)", message: "must be an array of objects" }] };
  }
  return { records: value as Record<string, unknown>[], lines: value.map((_, i) => i + 1), problems: [] };
}

function checkRows<T>(file: string, raw: RawRows, check: (row: Record<string, unknown>) => T): Parsed<T> {
  const rows: T[] = [];
  const lines: number[] = [];
  const problems = [...raw.problems];
  raw.records.forEach((record, i) => {
    const line = raw.lines[i] ?? i + 1;
    try {
      rows.push(check(typeof record === "object" && record !== null ? record : {}));
      lines.push(line);
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      for (const issue of error.issues) problems.push({ file, line, field: issue.path.join(".") || "(row)", message: issue.message });
    }
  });
  return { rows, lines, problems };
}

function noDuplicates<T>(file: string, result: Parsed<T>, keyOf: (row: T) => string, field: string): void {
  const first = new Map<string, number>();
  result.rows.forEach((row, i) => {
    const key = keyOf(row);
    const line = result.lines[i] ?? i + 1;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, line);
    else result.problems.push({ file, line, field, message: `"${key}" is on line ${seen} already` });
  });
}
