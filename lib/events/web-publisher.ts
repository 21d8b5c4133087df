import { kafkaBrokers } from "../env";
import { EventPublisher } from "./producer";

const holder = globalThis as unknown as { groupwarePublisher?: EventPublisher };

/** The web process's producer (announcements, dead-letter replays), connected on first use. */
export function webPublisher(): EventPublisher {
  holder.groupwarePublisher ??= new EventPublisher(kafkaBrokers(), "groupware-web");
  return holder.groupwarePublisher;
}
