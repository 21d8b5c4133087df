import type { EventPublisher } from "../events/producer";
import type { DepartmentRow, PersonRow } from "./directory-file";

/** Events per Kafka request: a few hundred bytes each, well under a request's size limit. */
const CHUNK = 2_000;

/**
 * Publishes a directory as the directory service would: departments first, then people, each as
 * its `directory.*.upserted` event keyed by `department:<id>` / `user:<id>`, all with one time.
 */
export async function publishDirectory({
  publisher,
  departments,
  people,
  time = new Date().toISOString(),
  onProgress,
}: {
  publisher: EventPublisher;
  departments: DepartmentRow[];
  people: PersonRow[];
  time?: string;
  onProgress?: (published: number, total: number) => void;
}): Promise<number> {
  const events = [
    ...departments.map((data) => ({ type: "directory.department.upserted" as const, data, time })),
    ...people.map((data) => ({ type: "directory.user.upserted" as const, data, time })),
  ];
  for (let done = 0; done < events.length; done += CHUNK) {
    await publisher.publishMany(events.slice(done, done + CHUNK));
    onProgress?.(Math.min(done + CHUNK, events.length), events.length);
  }
  return events.length;
}
