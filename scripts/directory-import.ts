// npm run directory:import -- people.csv [departments.csv | --departments departments.csv] [--skip-invalid]
// The first load of a whole company: every row of the files is checked first (a bad one is named by
// file, line and field, and nothing is published), then the directory's events go to Kafka, where
// the worker applies them like any change from the directory service. CSV headers:
// people id,email,name,departmentId,role,locale,active; departments id,name,parentId. JSON: an
// array of objects with the same fields.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { type DepartmentRow, type Parsed, type Problem, parseDepartments, parsePeople } from "../lib/directory/directory-file";
import { publishDirectory } from "../lib/directory/publish-directory";
import { kafkaBrokers } from "../lib/env";
import { EventPublisher } from "../lib/events/producer";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { departments: { type: "string" }, "skip-invalid": { type: "boolean", default: false } },
});
const [peopleFile, secondFile] = positionals;
const departmentsFile = values.departments ?? secondFile;
if (!peopleFile) fail("usage: npm run directory:import -- people.csv [departments.csv | --departments departments.csv] [--skip-invalid]");

const people = parsePeople(path.basename(peopleFile), await read(peopleFile));
const departments = departmentsFile
  ? parseDepartments(path.basename(departmentsFile), await read(departmentsFile))
  : empty<DepartmentRow>();
const problems = [...departments.problems, ...people.problems];
for (const problem of problems.slice(0, 200)) process.stderr.write(`${problemLine(problem)}\n`);
if (problems.length > 200) process.stderr.write(`… and ${problems.length - 200} more\n`);
if (problems.length > 0 && !values["skip-invalid"]) {
  fail(`${problems.length} problem(s) in the files; nothing was published (fix them, or pass --skip-invalid to publish the valid rows).`);
}

const publisher = new EventPublisher(kafkaBrokers(), "groupware-directory-import");
const started = performance.now();
try {
  const published = await publishDirectory({
    publisher,
    departments: departments.rows,
    people: people.rows,
    onProgress: (done, total) => process.stderr.write(`\rpublished ${done.toLocaleString("en")} of ${total.toLocaleString("en")} changes`),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write("\n");
  console.log(
    `${departments.rows.length} departments and ${people.rows.length} people published in ${seconds.toFixed(1)} s` +
      ` (${Math.round(published / seconds).toLocaleString("en")} changes/s)${problems.length ? `; ${problems.length} problem(s) skipped` : ""}.` +
      " The worker applies them as they arrive.",
  );
} finally {
  await publisher.close();
}

function problemLine({ file, line, field, message }: Problem): string {
  return `${file} line ${line}: ${field}: ${message}`;
}

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    return fail(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function empty<T>(): Parsed<T> {
  return { rows: [], lines: [], problems: [] };
}

function fail(message: string): never {
  console.error(`✖ ${message}`);
  process.exit(1);
}
